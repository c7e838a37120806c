package cn.railway.tempid.verification;

import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators (camunda-admin) register the keys of checkpoint systems: the key is generated here,
 * shown once, and stored only as a hash. Each key names the checkpoint types it may act as (R19)
 * and its station or train code. Ticket systems that must find a ticket by ID number get real-name
 * rights; gates do not need them (and never see the full ID number, whatever their key allows).
 */
@RestController
@RequestMapping("/api/v1/checkpoint-keys")
@Tag(name = "Operators")
class CheckpointKeyController {
  private final CheckpointKeys keys;

  CheckpointKeyController(CheckpointKeys keys) {
    this.keys = keys;
  }

  /** A station's telegraph code (BJP) or a train code (G1234): capital letters and digits. */
  static final String STATION_PATTERN = "^[A-Z0-9]{1,16}$";

  record NewKey(
      @NotBlank @Size(max = 64) @Pattern(regexp = "^[A-Za-z0-9_.\\-]+$") String id,
      @NotBlank @Size(max = 200) String description,
      @NotNull Boolean realNameAllowed,
      @NotEmpty @Size(max = 5)
          List<@NotNull @Pattern(regexp = CheckpointType.PATTERN) String> checkpointTypes,
      @NotNull @Pattern(regexp = STATION_PATTERN) String station) {

    CheckpointKeys.Roles roles() {
      return CheckpointKeyController.roles(checkpointTypes, station);
    }
  }

  record RolesChange(
      @NotNull Boolean realNameAllowed,
      @NotEmpty @Size(max = 5)
          List<@NotNull @Pattern(regexp = CheckpointType.PATTERN) String> checkpointTypes,
      @NotNull @Pattern(regexp = STATION_PATTERN) String station) {}

  static CheckpointKeys.Roles roles(List<String> types, String station) {
    return new CheckpointKeys.Roles(
        types.stream().map(CheckpointType::valueOf).collect(Collectors.toSet()), station);
  }

  record IssuedKey(String id, String key) {}

  @Route(
      id = "registerCheckpointKey",
      callers = {CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.CHECKPOINT_EXISTS})
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Register a checkpoint system; its key is returned once")
  IssuedKey register(@Valid @RequestBody NewKey request) {
    if (keys.exists(request.id())) {
      throw new ApiException(ProblemCode.CHECKPOINT_EXISTS);
    }
    String key = Ids.newToken();
    keys.register(
        request.id(), key, request.description(), request.realNameAllowed(), request.roles());
    return new IssuedKey(request.id(), key);
  }

  @Route(
      id = "listCheckpointKeys",
      callers = {CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @GetMapping
  @Operation(summary = "Registered checkpoint systems (without keys)")
  List<CheckpointKeys.Registered> list() {
    return keys.list();
  }

  @Route(
      id = "changeCheckpointRoles",
      callers = {CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @PutMapping("/{id}/roles")
  @Operation(summary = "Change the checkpoint types, station and real-name right of a key")
  CheckpointKeys.Registered changeRoles(
      @PathVariable String id, @Valid @RequestBody RolesChange request) {
    if (id.length() > 64
        || !keys.changeRoles(
            id, request.realNameAllowed(), roles(request.checkpointTypes(), request.station()))) {
      throw ApiException.notFound();
    }
    return keys.find(id).orElseThrow(ApiException::notFound);
  }

  @Route(
      id = "revokeCheckpointKey",
      callers = {CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke a checkpoint system's key at once")
  void revoke(@PathVariable String id) {
    if (id.length() > 64 || !keys.revoke(id)) {
      throw ApiException.notFound();
    }
  }
}
