package cn.railway.tempid.account;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.WebSliceTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * API.md "Accounts" at the web edge: a login without its fields is a 400 naming them, a login that
 * is not JSON a 415, a logout without a token a 401; none of them reaches the accounts. Logging in,
 * out and the tokens themselves are in {@code account.AccountApiTest}, with the whole service.
 */
@WebSliceTest(AuthController.class)
class AuthRequestContractTest {
  @Autowired Http http;
  @MockitoBean AccountService accounts;

  @AfterEach
  void nothingReachedTheAccounts() {
    verifyNoInteractions(accounts);
  }

  @Test
  void loginWithoutFields_is400() throws Exception {
    assertValidation(
        http.post("/api/v1/auth/login", Map.of()), "VALIDATION_FAILED", "username", "password");
  }

  @Test
  void logoutWithoutToken_is401() throws Exception {
    assertProblem(http.post("/api/v1/auth/logout", null), 401, "UNAUTHENTICATED");
  }

  @Test
  void textPlainToLogin_is415() throws Exception {
    Http.Response r =
        http.perform(
            MockMvcRequestBuilders.post("/api/v1/auth/login")
                .contentType(MediaType.TEXT_PLAIN)
                .content(http.write(Map.of("username", "u1", "password", "p"))));
    assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
  }
}
