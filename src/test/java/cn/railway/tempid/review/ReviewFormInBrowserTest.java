package cn.railway.tempid.review;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Browser;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The review form as a reviewer sees it in Tasklist (headless Debian Chromium): the case file is
 * shown, nothing is chosen, Complete without a choice is refused in the form, and there is no Add
 * Comment. Skipped where the browser is not installed (see {@link Browser}).
 */
@ApplicationTest
class ReviewFormInBrowserTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Operators operators;
  @Autowired IdentityService identity;
  @Autowired TaskService tasks;
  @LocalServerPort int port;

  @Test
  void reviewerSeesTheCaseFile_nothingChosen_andCannotCompleteWithoutADecision() throws Exception {
    Browser.assumeInstalled();
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("欧阳一", idNumber);
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication("欧阳一", idNumber));
    String applicationId = submitted.text("applicationId");
    passengers.completeLiveness(
        applicationId,
        submitted.body().path("liveness").path("sessionId").asText(),
        "PASS",
        0.95,
        0.70);
    String taskId = null;
    for (JsonNode r : http.get("/api/v1/reviews", "Authorization", DEMO_OPERATOR).body()) {
      if (applicationId.equals(r.path("applicationId").asText())) {
        taskId = r.path("taskId").asText();
      }
    }
    assertThat(taskId).isNotNull();
    String reviewer = operators.newUser();
    identity.createMembership(reviewer, "reviewers");
    tasks.claim(taskId, reviewer);

    try (Browser browser = Browser.open(port, 1280, 1000)) {
      var driver = browser.driver();
      driver.get(browser.url("/camunda/app/tasklist/default/"));
      browser.waitFor(d -> !d.findElements(By.cssSelector("input[type=password]")).isEmpty());
      // on a slow machine Tasklist's form can still be settling: keys then land in the field that
      // has the focus, so each field is typed into until it holds what was typed
      By userField = By.cssSelector("input[ng-model=username], input#inputUsername");
      By passwordField = By.cssSelector("input[type=password]");
      browser.waitFor(
          d ->
              filled(d.findElement(userField), reviewer)
                  & filled(d.findElement(passwordField), Operators.PASSWORD));
      driver.findElement(By.cssSelector("button[type=submit]")).click();
      browser.waitFor(d -> d.findElements(By.cssSelector("input[type=password]")).isEmpty());

      driver.get(browser.url("/camunda/app/tasklist/default/#/?task=" + taskId));
      browser.waitFor(
          Duration.ofSeconds(30),
          d ->
              d.findElements(By.cssSelector(".tempid-review dd[data-field=applicationId]")).stream()
                  .anyMatch(e -> applicationId.equals(e.getText())));
      String page = driver.findElement(By.cssSelector(".tempid-review")).getText();
      assertThat(page)
          .contains("FACE_MATCH_BORDERLINE", "0.7", "MATCH", "北京市", "欧**")
          .doesNotContain(idNumber)
          .doesNotContain("欧阳一");
      assertThat(driver.findElements(By.cssSelector("input[name=reviewDecision]")))
          .hasSize(2)
          .noneMatch(e -> e.isSelected());
      assertThat(driver.findElements(By.cssSelector(".createCommentLink")))
          .as("Add Comment")
          .isEmpty();
      browser.screenshot("review-form");

      browser.script(
          "arguments[0].click()",
          driver.findElement(By.cssSelector("button[ng-click='complete()']")));
      browser.waitFor(d -> d.findElement(By.cssSelector(".tempid-submit-error")).isDisplayed());
      assertThat(driver.findElement(By.cssSelector(".tempid-submit-error")).getText())
          .contains("APPROVE");
      assertThat(tasks.createTaskQuery().taskId(taskId).count()).as("still open").isEqualTo(1);
    }
  }

  /** True when the field holds the text; otherwise types it in again (and answers false). */
  private static boolean filled(org.openqa.selenium.WebElement input, String text) {
    if (text.equals(input.getDomProperty("value"))) {
      return true;
    }
    input.click();
    input.clear();
    input.sendKeys(text);
    return false;
  }
}
