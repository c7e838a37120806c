package cn.railway.tempid.demo;

import cn.railway.tempid.account.AccountService;
import cn.railway.tempid.eligibility.InvalidIdNumberException;
import cn.railway.tempid.eligibility.ResidentIdNumber;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.SimulatedCaptures;
import cn.railway.tempid.registry.SimulatedPeople;
import cn.railway.tempid.shared.PersonName;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.FieldError;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo-only endpoints (the {@code demo} profile, the embedded default): move the clock, create
 * registered passengers and registry persons, and play the passenger's phone for the simulated
 * liveness provider. Without the demo profile none of this exists (404).
 */
@RestController
@Profile("demo")
@RequestMapping("/api/v1/demo")
@Tag(name = "Demo profile only")
class DemoController {

  private final AdjustableClock clock;
  private final AccountService accounts;
  private final SimulatedPeople registry;

  /** Absent when a staging deployment runs the demo profile with a real liveness provider. */
  private final ObjectProvider<SimulatedCaptures> liveness;

  DemoController(
      AdjustableClock clock,
      AccountService accounts,
      SimulatedPeople registry,
      ObjectProvider<SimulatedCaptures> liveness) {
    this.clock = clock;
    this.accounts = accounts;
    this.registry = registry;
    this.liveness = liveness;
  }

  record Now(Instant now) {}

  record ClockRequest(@Size(max = 40) String advance, @Size(max = 40) String set) {}

  record UserRequest(
      @NotBlank @Size(max = 64) @Pattern(regexp = "^[A-Za-z0-9_.\\-]+$") String username,
      @NotBlank @Size(min = 8, max = 128) String password,
      @NotBlank @Size(max = 64) @Pattern(regexp = PersonName.PATTERN) String name,
      @NotBlank @Size(max = 32) String idNumber) {
    @Override
    public String toString() {
      return "UserRequest[****]";
    }
  }

  record Created(String id) {}

  record PersonRequest(
      @NotBlank @Size(max = 64) @Pattern(regexp = PersonName.PATTERN) String name,
      @NotBlank @Size(max = 32) String idNumber,
      @Size(max = 8) List<@NotNull String> flags) {
    @Override
    public String toString() {
      return "PersonRequest[****]";
    }
  }

  record CaptureRequest(
      @NotNull SimulatedCaptures.Outcome outcome,
      @DecimalMin("0") @DecimalMax("1") BigDecimal livenessScore,
      @DecimalMin("0") @DecimalMax("1") BigDecimal faceMatchScore,
      LivenessProvider.Comparison authorityComparison) {}

  @Route(
      id = "getDemoClock",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.NOT_FOUND})
  @GetMapping("/clock")
  @Operation(summary = "The demo clock's current time")
  Now now() {
    return new Now(clock.instant());
  }

  @Route(
      id = "moveDemoClock",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.NOT_FOUND})
  @PostMapping("/clock")
  @Operation(
      summary = "Move the demo clock: {advance: \"PT30M\"} or {set: \"2026-02-01T00:00:00Z\"}")
  Now move(@Valid @RequestBody ClockRequest request) {
    if ((request.advance() == null) == (request.set() == null)) {
      throw invalid(
          "advance", "Give exactly one of 'advance' (ISO-8601 duration) or 'set' (instant).");
    }
    try {
      if (request.advance() != null) {
        Duration amount = Duration.parse(request.advance());
        if (amount.isNegative()) {
          throw invalid("advance", "The clock only moves forward; use 'set' to jump.");
        }
        return new Now(clock.advance(amount));
      }
      return new Now(clock.set(Instant.parse(request.set())));
    } catch (ArithmeticException | java.time.DateTimeException e) {
      if (e instanceof DateTimeParseException) {
        throw invalid(
            request.advance() != null ? "advance" : "set",
            "Not an ISO-8601 "
                + (request.advance() != null ? "duration (e.g. PT30M)." : "instant."));
      }
      throw invalid(
          request.advance() != null ? "advance" : "set", "The clock cannot be moved that far.");
    }
  }

  @Route(
      id = "createDemoUser",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.NOT_FOUND, ProblemCode.INVALID_ID_NUMBER, ProblemCode.ACCOUNT_EXISTS})
  @PostMapping("/users")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  @Operation(
      summary =
          "Create a registered passenger with a verified identity (also added to the simulated registry)")
  Created user(@Valid @RequestBody UserRequest request) {
    ResidentIdNumber number = parse(request.idNumber());
    String id =
        accounts.register(
            request.username(), request.password(), request.name(), number.normalized());
    registry.put(number.normalized(), request.name(), Set.of());
    return new Created(id);
  }

  @Route(
      id = "createDemoRegistryPerson",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.NOT_FOUND, ProblemCode.INVALID_ID_NUMBER})
  @PostMapping("/registry/persons")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Add a person to the simulated population registry (flags: DECEASED, REPORTED_FRAUD)")
  void person(@Valid @RequestBody PersonRequest request) {
    ResidentIdNumber number = parse(request.idNumber());
    Set<String> flags = new HashSet<>(request.flags() == null ? List.of() : request.flags());
    if (!registry.knownFlags().containsAll(flags)) {
      throw invalid("flags", "Known flags are " + registry.knownFlags() + ".");
    }
    registry.put(number.normalized(), request.name(), flags);
  }

  @Route(
      id = "completeDemoLiveness",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.NOT_FOUND})
  @PostMapping("/liveness/{sessionId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary =
          "Complete a simulated liveness capture (PASS, FAIL or SPOOF; optional scores and the"
              + " provider's comparison with the ID photo); the provider calls back")
  void capture(@PathVariable String sessionId, @Valid @RequestBody CaptureRequest request) {
    SimulatedCaptures simulated = liveness.getIfAvailable();
    if (simulated == null
        || sessionId.length() > 64
        || !simulated.completeCapture(
            sessionId,
            request.outcome(),
            request.livenessScore(),
            request.faceMatchScore(),
            request.authorityComparison())) {
      throw ApiException.notFound();
    }
  }

  private ResidentIdNumber parse(String idNumber) {
    try {
      return ResidentIdNumber.parse(idNumber, LocalDate.now(clock));
    } catch (InvalidIdNumberException e) {
      throw new ApiException(
          ProblemCode.INVALID_ID_NUMBER,
          "Field 'idNumber' is not valid.",
          Map.of(
              "errors",
              List.of(new FieldError("idNumber", e.reason().name(), e.reason().description()))));
    }
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.invalidField(field, "INVALID", message);
  }
}
