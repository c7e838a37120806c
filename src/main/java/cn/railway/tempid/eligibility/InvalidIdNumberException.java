package cn.railway.tempid.eligibility;

/**
 * Thrown when a string is not a valid 18-character ID number.
 *
 * <p>The message only names the {@link Reason}; it never contains the submitted value, which is
 * personal data and may end up in logs.
 */
public class InvalidIdNumberException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why the number was rejected. */
  public enum Reason {
    BLANK("no ID number given"),
    LENGTH("ID number must have exactly eighteen characters"),
    CHARACTERS("ID number must be seventeen digits followed by a digit or X"),
    BIRTH_DATE("ID number does not contain a plausible birth date"),
    CHECKSUM("ID number check character does not match");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public InvalidIdNumberException(Reason reason) {
    super("Invalid ID number (" + reason.name() + "): " + reason.description());
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
