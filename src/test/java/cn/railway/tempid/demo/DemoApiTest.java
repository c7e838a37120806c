package cn.railway.tempid.demo;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.TestIdentities;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * API.md "Demo profile only": a demo user is stored once per username and per person. The clock,
 * bad fields and registry persons are in {@code DemoRequestContractTest}, a web slice.
 */
@ApplicationTest
class DemoApiTest {
  @Autowired Http http;

  @Test
  void createUser_201_duplicate409() throws Exception {
    String username = Accounts.newUsername();
    String idNumber = TestIdentities.randomIdNumber();
    Http.Response created =
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                username,
                "password",
                Accounts.PASSWORD,
                "name",
                "王五",
                "idNumber",
                idNumber));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw()).doesNotContain(idNumber).doesNotContain("王五");

    Http.Response sameUsername =
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                username,
                "password",
                Accounts.PASSWORD,
                "name",
                "王六",
                "idNumber",
                TestIdentities.randomIdNumber()));
    assertProblem(sameUsername, 409, "ACCOUNT_EXISTS");
    Http.Response samePerson =
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                Accounts.newUsername(),
                "password",
                Accounts.PASSWORD,
                "name",
                "王五",
                "idNumber",
                idNumber));
    assertProblem(samePerson, 409, "ACCOUNT_EXISTS");
    assertThat(samePerson.raw()).doesNotContain(idNumber);
  }
}
