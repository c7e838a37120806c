package cn.railway.tempid.frame;

/**
 * The string is not a frame token of a known format version. The message never repeats the input.
 */
public class MalformedFrameException extends Exception {
  public MalformedFrameException(String message) {
    super(message);
  }
}
