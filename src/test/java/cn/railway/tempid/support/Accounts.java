package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Registered passengers for API tests: created through the demo API, logged in via the API. */
@Component
public class Accounts {
  public static final String PASSWORD = "correct-horse-battery";

  private final Http http;

  public Accounts(Http http) {
    this.http = http;
  }

  /** A logged-in registered passenger with a fresh identity. */
  public record Passenger(String username, String name, String idNumber, String accessToken) {
    public String[] bearer() {
      return new String[] {"Authorization", "Bearer " + accessToken};
    }
  }

  public static String newUsername() {
    return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public Passenger registered(String name) throws Exception {
    String username = newUsername();
    String idNumber = TestIdentities.randomIdNumber();
    Http.Response created =
        http.post(
            "/api/v1/demo/users",
            Map.of("username", username, "password", PASSWORD, "name", name, "idNumber", idNumber));
    assertThat(created.status()).as("demo user: %s", created).isEqualTo(201);
    return new Passenger(username, name, idNumber, login(username, PASSWORD));
  }

  public String login(String username, String password) throws Exception {
    Http.Response r =
        http.post("/api/v1/auth/login", Map.of("username", username, "password", password));
    assertThat(r.status()).as("login: %s", r).isEqualTo(200);
    return r.text("accessToken");
  }
}
