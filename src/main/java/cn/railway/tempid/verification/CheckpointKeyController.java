package cn.railway.tempid.verification;

import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators (camunda-admin) register the keys of checkpoint systems: the key is generated here,
 * shown once, and stored only as a hash. Ticket systems that must find a ticket by ID number get
 * real-name rights; gates do not need them.
 */
@RestController
@RequestMapping("/api/v1/checkpoint-keys")
@Tag(name = "Operators")
class CheckpointKeyController {
  private final CheckpointKeys keys;

  CheckpointKeyController(CheckpointKeys keys) {
    this.keys = keys;
  }

  record NewKey(
      @NotBlank @Size(max = 64) @Pattern(regexp = "^[A-Za-z0-9_.\\-]+$") String id,
      @NotBlank @Size(max = 200) String description,
      @NotNull Boolean realNameAllowed) {}

  record IssuedKey(String id, String key) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Register a checkpoint system; its key is returned once")
  IssuedKey register(@Valid @RequestBody NewKey request) {
    if (keys.exists(request.id())) {
      throw new ApiException(ProblemCode.CHECKPOINT_EXISTS);
    }
    String key = Ids.newToken();
    keys.register(request.id(), key, request.description(), request.realNameAllowed());
    return new IssuedKey(request.id(), key);
  }

  @GetMapping
  @Operation(summary = "Registered checkpoint systems (without keys)")
  List<CheckpointKeys.Registered> list() {
    return keys.list();
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke a checkpoint system's key at once")
  void revoke(@PathVariable String id) {
    if (id.length() > 64 || !keys.revoke(id)) {
      throw ApiException.notFound();
    }
  }
}
