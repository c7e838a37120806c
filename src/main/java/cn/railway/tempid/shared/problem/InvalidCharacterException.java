package cn.railway.tempid.shared.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string holds a character the database cannot store (U+0000): answered {@code 400} with the
 * field and code {@code INVALID_CHARACTER}. The message never quotes the value.
 */
public class InvalidCharacterException extends MismatchedInputException {
  public InvalidCharacterException(JsonParser parser) {
    super(parser, "a string contains a character that cannot be stored", String.class);
  }
}
