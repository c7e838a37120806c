package cn.railway.tempid.account;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.privacy.Masking;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Accounts", description = "Registered passengers: login, logout, own identity")
class AuthController {
  private final AccountService accounts;

  AuthController(AccountService accounts) {
    this.accounts = accounts;
  }

  record LoginRequest(
      @NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password) {}

  record MeResponse(String username, String maskedName, String maskedIdNumber) {}

  @Route(
      id = "login",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.INVALID_CREDENTIALS, ProblemCode.RATE_LIMITED})
  @PostMapping("/auth/login")
  @Operation(summary = "Log in a registered passenger; returns a bearer access token")
  AccountService.AccessToken login(
      @Valid @RequestBody LoginRequest request, HttpServletRequest servletRequest) {
    // the client address, as for every per-address limit (ClientAddressLimits)
    return accounts.login(request.username(), request.password(), servletRequest.getRemoteAddr());
  }

  @Route(
      id = "logout",
      callers = {CallerKind.PASSENGER})
  @PostMapping("/auth/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Log out: the token and every view session of this passenger stop working")
  void logout(@AuthenticationPrincipal Caller.Passenger passenger) {
    accounts.logout(passenger);
  }

  @Route(
      id = "getMe",
      callers = {CallerKind.PASSENGER})
  @GetMapping("/me")
  @Operation(summary = "The logged-in passenger, with masked identity")
  MeResponse me(@AuthenticationPrincipal Caller.Passenger passenger) {
    VerifiedIdentity identity = accounts.identity(passenger.accountId());
    return new MeResponse(
        passenger.username(),
        Masking.maskName(identity.name()),
        Masking.maskIdNumber(identity.idNumber()));
  }
}
