package cn.railway.tempid.apidocs;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Problems;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem responses of an operation in the OpenAPI document ({@link ContractCustomizer}): one
 * response per status with the reusable {@code Problem} schema, one example per code with its real
 * messages, and {@code Retry-After} with 429 and 503.
 */
final class ProblemResponses {
  private ProblemResponses() {}

  /** A problem response: the codes of this status, each as an example with its real messages. */
  static ApiResponse of(int status, List<ProblemCode> codes) {
    MediaType media =
        new MediaType().schema(new Schema<>().$ref(ContractCustomizer.REF + "Problem"));
    for (ProblemCode code : codes) {
      ProblemDetail example = Problems.of(code, HttpStatus.valueOf(status), null, Map.of());
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("type", String.valueOf(example.getType()));
      value.put("title", example.getTitle());
      value.put("status", example.getStatus());
      value.put("detail", example.getDetail());
      if (example.getProperties() != null) {
        value.putAll(example.getProperties());
      }
      if (status >= 500) {
        // the document is built during a request: never that request's trace id
        value.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      }
      if (status == 429 || status == 503) {
        value.put(ApiException.RETRY_AFTER_SECONDS, 5);
      }
      if (code == ProblemCode.VALIDATION_FAILED) {
        value.put("detail", "Field 'location.latitude': must be less than or equal to 90");
        value.put(
            "errors",
            List.of(
                Map.of(
                    "field",
                    "location.latitude",
                    "code",
                    "RANGE",
                    "message",
                    "must be less than or equal to 90")));
      }
      media.addExamples(code.name(), new Example().summary(code.messageEn()).value(value));
    }
    ApiResponse response =
        new ApiResponse()
            .description(
                HttpStatus.valueOf(status).getReasonPhrase()
                    + ": "
                    + codes.stream().map(Enum::name).collect(Collectors.joining(", ")))
            .content(new Content().addMediaType(ContractCustomizer.PROBLEM_JSON, media));
    if (status == 429 || status == 503) {
      response.addHeaderObject(
          "Retry-After",
          new Header()
              .description("Seconds to wait before trying again")
              .schema(new IntegerSchema()));
    }
    return response;
  }
}
