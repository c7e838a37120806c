package cn.railway.tempid.shared.problem;

/**
 * A copy of an exception chain without its messages, for logging: the class names and stack frames
 * say where it failed, while messages (a database driver's, a parser's) may quote the values of a
 * request, which can be personal data.
 */
public final class MessageFreeThrowable extends RuntimeException {

  private MessageFreeThrowable(Throwable original, Throwable cause) {
    super(original.getClass().getName(), cause, false, true);
    setStackTrace(original.getStackTrace());
  }

  public static Throwable of(Throwable original) {
    if (original == null) {
      return null;
    }
    Throwable cause = original.getCause() == original ? null : of(original.getCause());
    return new MessageFreeThrowable(original, cause);
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
