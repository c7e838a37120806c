package cn.railway.tempid.application.identity;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.FieldError;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.util.List;
import java.util.Map;

/** A 400 with field errors (never echoing the submitted values). */
public final class ValidationException extends ApiException {
  public ValidationException(List<FieldError> errors) {
    this(ProblemCode.VALIDATION_FAILED, errors);
  }

  public ValidationException(ProblemCode code, List<FieldError> errors) {
    super(
        code,
        errors.size() == 1
            ? "Field '" + errors.get(0).field() + "': " + errors.get(0).message()
            : code.messageEn(),
        Map.of("errors", errors));
  }
}
