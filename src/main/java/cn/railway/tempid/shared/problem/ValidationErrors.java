package cn.railway.tempid.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The field errors of a {@code 400 VALIDATION_FAILED} ({@link ProblemHandler}): which field, a
 * stable code ({@code REQUIRED}, {@code SIZE}, {@code WRONG_TYPE}, {@code UNKNOWN_FIELD}, ...) and
 * a fixed message. None of them echoes a submitted value (it may be an ID number).
 */
final class ValidationErrors {
  private ValidationErrors() {}

  /** A method's constraint violations (a validated service or path variable). */
  static List<FieldError> of(ConstraintViolationException e) {
    return e.getConstraintViolations().stream()
        .map(v -> new FieldError(leaf(v.getPropertyPath().toString()), "INVALID", v.getMessage()))
        .toList();
  }

  /** A request body that failed its bean validation: its fields' errors, then the object's. */
  static List<FieldError> of(MethodArgumentNotValidException ex) {
    List<FieldError> errors = new ArrayList<>();
    ex.getBindingResult()
        .getFieldErrors()
        .forEach(
            f ->
                errors.add(
                    new FieldError(f.getField(), codeOf(f.getCode()), f.getDefaultMessage())));
    ex.getBindingResult()
        .getGlobalErrors()
        .forEach(
            g ->
                errors.add(
                    new FieldError(g.getObjectName(), codeOf(g.getCode()), g.getDefaultMessage())));
    return errors;
  }

  /** Request parameters or headers that failed their constraints, named by parameter. */
  static List<FieldError> of(HandlerMethodValidationException ex) {
    List<FieldError> errors = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(
            r ->
                r.getResolvableErrors()
                    .forEach(
                        err ->
                            errors.add(
                                new FieldError(
                                    r.getMethodParameter().getParameterName(),
                                    "INVALID",
                                    err.getDefaultMessage()))));
    return errors;
  }

  /** Why a body could not be read: the field at fault when there is one, else the whole body. */
  static FieldError unreadable(HttpMessageNotReadableException ex) {
    Throwable cause = ex.getCause();
    if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = path(mapping);
      if (cause instanceof InvalidCharacterException) {
        return new FieldError(
            field, "INVALID_CHARACTER", "This field contains a character that is not allowed.");
      }
      if (cause instanceof UnrecognizedPropertyException) {
        return new FieldError(field, "UNKNOWN_FIELD", "This field is not part of the request.");
      }
      if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
        return new FieldError(field, "WRONG_TYPE", "This field has the wrong type or format.");
      }
      return new FieldError(field, "INVALID", "This field could not be read.");
    }
    if (cause instanceof StreamReadException read
        && read.getOriginalMessage() != null
        && read.getOriginalMessage().startsWith("Duplicate field")) {
      // the key is not echoed: it is the client's text, which may be anything
      return new FieldError("$", "DUPLICATE_FIELD", "A field appears more than once.");
    }
    if (cause instanceof JsonProcessingException) {
      return new FieldError("$", "MALFORMED_JSON", "The body is not well-formed JSON.");
    }
    return new FieldError("$", "MISSING_BODY", "A JSON body is required.");
  }

  private static String path(JsonMappingException mapping) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "$" : path.toString();
  }

  private static String leaf(String propertyPath) {
    int dot = propertyPath.indexOf('.');
    return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
  }

  private static String codeOf(String constraint) {
    if (constraint == null) {
      return "INVALID";
    }
    return switch (constraint) {
      case "NotNull", "NotBlank", "NotEmpty" -> "REQUIRED";
      case "Size", "Length" -> "SIZE";
      case "Pattern" -> "PATTERN";
      case "DecimalMin", "DecimalMax", "Min", "Max", "Range" -> "RANGE";
      default -> constraint.toUpperCase();
    };
  }
}
