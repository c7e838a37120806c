package cn.railway.tempid.pages;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Browser;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.JobPump;
import cn.railway.tempid.support.TestIdentities;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pages as people use them, in headless Chromium against the running service: a passenger on a
 * phone applies, passes the (simulated) face check and shows the QR code; a checkpoint device
 * verifies it online, then with its network cut (offline verification in the browser, the sighting
 * uploaded when the network is back). Screenshots go to target/browser-screenshots.
 */
@ApplicationTest
class PagesInBrowserTest {
  @LocalServerPort int port;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  static Browser passenger;
  static Browser checkpoint;
  HttpApi api;
  JobPump jobs;

  @BeforeAll
  static void browsersInstalled() {
    Browser.assumeInstalled();
  }

  @BeforeEach
  void openBrowsers() {
    api = new HttpApi(port);
    jobs = new JobPump(management, history, Date.from(clock.instant().minusSeconds(1)));
    if (passenger == null) {
      passenger = Browser.phone(port);
      checkpoint = Browser.phone(port);
    }
    // every test starts as a new passenger and a device that is not logged in
    fresh(passenger, "/");
    fresh(checkpoint, "/checkpoint/");
    // the phone knows where it is (without this, Chromium asks a network location service)
    passenger.location(39.9042, 116.4074, 35);
  }

  private static void fresh(Browser browser, String path) {
    browser.open(path);
    browser.script("localStorage.clear(); sessionStorage.clear();");
    browser.open(path);
  }

  @AfterEach
  void stopJobs() {
    jobs.close();
  }

  @AfterAll
  static void closeBrowsers() {
    if (passenger != null) {
      passenger.close();
      checkpoint.close();
      passenger = null;
      checkpoint = null;
    }
  }

  @Test
  void guestAppliesShowsTheQrCodeAndACheckpointVerifiesItOnlineAndOffline() throws Exception {
    String name = "林晓雨";
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry(name, idNumber);

    // --- the passenger applies on the phone, with the browser's location
    passenger.open("/");
    passenger.screenshot("01-passenger-home");
    passenger.click("go-apply");
    passenger.waitFor(d -> passenger.text("location-state").contains("已定位"));
    passenger.type("name", name);
    passenger.type("idNumber", idNumber);
    passenger.click("consent-identity");
    passenger.click("consent-biometric");
    passenger.click("consent-location");
    passenger.fullPageScreenshot("02-passenger-apply");
    // the words of the railway app the passenger knows: 立即申请, 重新定位, 刷新
    assertThat(passenger.text("submit")).isEqualTo("立即申请");
    assertThat(passenger.text("relocate")).isEqualTo("重新定位");
    passenger.click("submit");

    // --- face check (simulated provider) → issued
    passenger.waitVisible("face-pass");
    passenger.screenshot("03-passenger-face-check");
    passenger.click("face-pass");
    passenger.waitFor(
        Duration.ofSeconds(30),
        d -> "ISSUED".equals(passenger.attribute(By.id("result-card"), "data-status")));
    assertThat(passenger.text("result-title")).isEqualTo("审核通过");
    assertThat(passenger.text("result-city")).isEqualTo("北京市");
    passenger.screenshot("04-passenger-issued");

    // --- the QR page: frame, countdown, masked identity
    passenger.click("show-certificate");
    String token = shownToken();
    assertThat(token).hasSizeBetween(150, 153); // format version 1 (V50…) or 2
    assertThat(passenger.text("certificate-name")).matches("林\\*+");
    assertThat(passenger.text("countdown-text")).matches("二维码 \\d{1,2} 秒后自动更新");
    assertThat(passenger.text("view-left")).matches("(29|30):\\d\\d");
    passenger.screenshot("05-passenger-qr");

    // --- a checkpoint device logs in with its key and verifies online
    checkpoint.open("/checkpoint/");
    checkpoint.waitVisible("login-screen");
    checkpoint.type("key", "wrong-key");
    checkpoint.click("login");
    checkpoint.waitFor(d -> checkpoint.text("login-error").contains("密钥无效"));
    checkpoint.type("key", "demo-checkpoint-key");
    checkpoint.type("device", "gate-07");
    checkpoint.click("login");
    checkpoint.waitVisible("verify-screen");
    verifyAtCheckpoint(token);
    assertThat(checkpoint.attribute(By.id("result"), "data-mode")).isEqualTo("online");
    assertThat(checkpoint.text("result-title")).isEqualTo("核验通过");
    assertThat(checkpoint.text("result-name")).matches("林\\*+");
    assertThat(checkpoint.text("result-id")).matches("\\d{4}\\*+\\d{3}[\\dX]");
    checkpoint.screenshot("06-checkpoint-online-accepted");

    // --- the next minute: a new frame; the checkpoint has fresh data, then loses its network
    api.advanceClock(Duration.ofSeconds(60));
    checkpoint.click("refresh");
    checkpoint.waitFor(d -> checkpoint.script("return navigator.serviceWorker.controller") != null);
    assertThat(passenger.text("refresh")).isEqualTo("刷新");
    passenger.click("refresh");
    String nextToken = passenger.waitFor(d -> frameAfter(token));
    String certificateId = certificateOf(nextToken);
    long sightingsBefore = sightings(certificateId);

    checkpoint.offline(true);
    checkpoint.open("/checkpoint/"); // the page itself now comes from the service worker
    checkpoint.waitFor(d -> checkpoint.text("net").equals("离线"));
    verifyAtCheckpoint(nextToken);
    assertThat(checkpoint.attribute(By.id("result"), "data-mode")).isEqualTo("offline");
    assertThat(checkpoint.text("result-title")).isEqualTo("核验通过");
    assertThat(checkpoint.text("result-offline")).contains("离线核验");
    assertThat(checkpoint.text("queue-state")).isEqualTo("1");
    assertThat(sightings(certificateId))
        .as("nothing reached the service")
        .isEqualTo(sightingsBefore);
    checkpoint.screenshot("07-checkpoint-offline-accepted");

    // a forged frame is refused offline too
    verifyAtCheckpoint(forge(nextToken));
    assertThat(checkpoint.attribute(By.id("result"), "data-reason")).isEqualTo("BAD_SIGNATURE");
    assertThat(checkpoint.text("result-title")).isEqualTo("拒绝通行");
    checkpoint.screenshot("08-checkpoint-offline-refused");

    // --- back online: the offline sighting is uploaded by itself
    checkpoint.offline(false);
    checkpoint.waitFor(d -> checkpoint.text("queue-state").equals("0"));
    assertThat(sightings(certificateId)).isEqualTo(sightingsBefore + 1);

    // --- R11: after 30 minutes on the QR page, a new face check; no quota used (R13)
    api.advanceClock(Duration.ofMinutes(30));
    passenger.click("refresh");
    passenger.waitVisible("qr-locked");
    assertThat(passenger.text("qr-locked-text")).contains("重新进行人脸核验");
    passenger.screenshot("09-passenger-reverify-prompt");
    passenger.click("reverify");
    passenger.waitVisible("face-pass");
    passenger.click("face-pass");
    passenger.waitFor(
        d -> passenger.visible("screen-certificate") && !passenger.visible("qr-locked"));
    assertThat(shownToken()).hasSizeBetween(150, 153);

    // --- the guest closes the page: finding the certificate again needs identity and a face check
    passenger.driver().switchTo().newWindow(WindowType.TAB);
    String closed = passenger.driver().getWindowHandles().iterator().next();
    String reopened = passenger.driver().getWindowHandle();
    passenger.driver().switchTo().window(closed).close();
    passenger.driver().switchTo().window(reopened);
    passenger.open("/");
    assertThat(passenger.visible("screen-home")).isTrue();
    passenger.click("go-lookup");
    passenger.type("lookup-name", name);
    passenger.type("lookup-idNumber", idNumber);
    passenger.click("lookup");
    passenger.waitVisible("face-pass");
    passenger.click("face-pass");
    passenger.waitFor(d -> passenger.visible("screen-certificate"));
    assertThat(passenger.text("certificate-name")).matches("林\\*+");
    assertThat(shownToken()).hasSizeBetween(150, 153);
    assertThat(pageErrors(passenger)).isEmpty();
    assertThat(pageErrors(checkpoint)).isEmpty();
  }

  @Test
  void refusalsShowTheMessageAndTheStationPoliceWindowInBothLanguages() {
    passenger.open("/");
    passenger.click("go-apply");
    new Select(passenger.find("demo-location")).selectByValue("39.9042,116.4074");
    passenger.type("name", "赵雷");
    new Select(passenger.find("idType")).selectByValue("PASSPORT");
    passenger.type("idNumber", "E12345678");
    passenger.click("consent-identity");
    passenger.click("consent-biometric");
    passenger.click("consent-location");
    passenger.click("submit");
    passenger.waitVisible("apply-problem");
    assertThat(passenger.text("apply-problem")).contains("该证件无法申请临时乘车身份证明");
    assertThat(passenger.find("apply-problem").findElements(By.cssSelector("[data-guidance]")))
        .hasSize(1);
    passenger.fullPageScreenshot("10-passenger-refused");

    passenger.click("lang");
    passenger.click("submit");
    passenger.waitFor(
        d -> passenger.text("apply-problem").contains("only the Chinese resident ID card"));
    assertThat(passenger.text("apply-problem")).contains("railway police ID window");
    passenger.click("lang");
    assertThat(pageErrors(passenger)).isEmpty();
  }

  @Test
  void aRegisteredPassengerAppliesWithoutTypingTheirIdentitySeesTheHistoryAndLogsOut() {
    String username = "page-" + Long.toHexString(System.nanoTime());
    String idNumber = TestIdentities.randomIdNumber();
    HttpApi.Answer created =
        api.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                username,
                "password",
                "page-password-1",
                "name",
                "周敏",
                "idNumber",
                idNumber));
    assertThat(created.status()).isEqualTo(201);

    passenger.open("/");
    passenger.click("go-login");
    passenger.type("username", username);
    passenger.type("password", "page-password-1");
    passenger.click("login");
    passenger.waitFor(d -> passenger.visible("greeting"));
    assertThat(passenger.text("greeting")).containsPattern("周\\*+");
    passenger.click("go-apply");
    assertThat(passenger.visible("identity-fields")).isFalse();
    assertThat(passenger.text("account-identity")).containsPattern("周\\*+");
    new Select(passenger.find("demo-location")).selectByValue("31.2304,121.4737");
    passenger.click("consent-identity");
    passenger.click("consent-biometric");
    passenger.click("consent-location");
    passenger.click("submit");
    passenger.waitVisible("face-pass");
    passenger.click("face-pass");
    passenger.waitFor(
        Duration.ofSeconds(30),
        d -> "ISSUED".equals(passenger.attribute(By.id("result-card"), "data-status")));

    passenger.click("result-home");
    passenger.click("go-history");
    passenger.waitFor(
        d -> !passenger.driver().findElements(By.cssSelector("#history-list li")).isEmpty());
    var items = passenger.driver().findElements(By.cssSelector("#history-list li"));
    assertThat(items).hasSize(1);
    assertThat(items.get(0).getDomAttribute("data-status")).isEqualTo("ISSUED");
    assertThat(items.get(0).getText()).contains("上海市").contains("已签发");
    passenger.screenshot("11-passenger-history");

    // viewing from the history needs a face check (R12), then the QR code shows
    items.get(0).findElement(By.tagName("button")).click();
    passenger.waitVisible("face-pass");
    passenger.click("face-pass");
    passenger.waitFor(d -> passenger.visible("screen-certificate"));
    assertThat(shownToken()).hasSizeBetween(150, 153);

    passenger.click("certificate-home");
    passenger.click("logout");
    passenger.waitFor(d -> passenger.visible("go-login"));
    assertThat(passenger.visible("go-history")).isFalse();
    assertThat(passenger.script("return localStorage.getItem('passenger.view')")).isNull();
    assertThat(pageErrors(passenger)).isEmpty();
  }

  @Test
  void theCheckpointDecoderVerifiesTheDocumentedVersionTwoTestVector() {
    checkpoint.open("/checkpoint/");
    String vector =
        "HB010042EFM5YX791AAMHPOIY*O.8T:9013O0W0000600L60$Y88IHO1Q8LH3G4GXMDG5$2WF1G+TU9SR6BH8-HO7O8"
            + "QCO 2Q1C3RM6YVR4VQT13LN-X5J4T8ODADNR-OQZOUS27%VCXT4VAH6ST$P4/6";
    @SuppressWarnings("unchecked")
    Map<String, Object> out =
        (Map<String, Object>)
            checkpoint.asyncScript(
                """
                const [token, jwks, done] = arguments;
                import('/checkpoint/frame.js').then(async (f) => {
                  const keys = await f.importJwks(JSON.parse(jwks));
                  const none = f.statusIndex({ revoked: [] });
                  const frame = f.decodeFrame(token);
                  done({
                    version: frame.version, statusIndex: frame.statusIndex,
                    certificateId: frame.certificateId, viewSessionRef: frame.viewSessionRef,
                    expires: new Date(frame.certificateExpiresAt).toISOString(),
                    inWindow: (await f.verifyFrame(token, keys, none, Date.parse('2026-01-15T08:00:30Z'))).result,
                    later: (await f.verifyFrame(token, keys, none, Date.parse('2026-01-15T08:02:00Z'))).reason,
                  });
                }).catch((e) => done({ error: String(e) }));
                """,
                vector,
                VECTOR_JWKS);
    assertThat(out)
        .containsEntry("version", 2L)
        .containsEntry("statusIndex", 6L)
        .containsEntry("certificateId", "6f1c2b7a-3d4e-4f50-8a61-92b3c4d5e6f7")
        .containsEntry("viewSessionRef", "0123456789abcdef")
        .containsEntry("expires", "2026-01-16T08:00:00.000Z")
        .containsEntry("inWindow", "ACCEPTED")
        .containsEntry("later", "FRAME_EXPIRED");
  }

  private static final String VECTOR_JWKS =
      "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"1\","
          + "\"x\":\"A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg\",\"use\":\"sig\","
          + "\"alg\":\"EdDSA\",\"nbf\":1767225600,\"exp\":1769904000}]}";

  @Test
  void theCheckpointDecoderVerifiesTheDocumentedTestVector() {
    checkpoint.open("/checkpoint/");
    String vector =
        "V5010042EFM5YX791AAMHPOIY*O.8T:9013O:901ZOL60$Y88IHO1Q3GG215/CF/HA3+35ZB/:D..EKIH/P9Z1OW"
            + "*S8XOEEH3:9VVE*K4C5OV$O0QFG:PV11F6RV9L1 1870Q7PX+H32W%P1IACK:9";
    String jwks =
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"1\","
            + "\"x\":\"A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg\",\"use\":\"sig\","
            + "\"alg\":\"EdDSA\",\"nbf\":1767225600,\"exp\":1769904000}]}";
    @SuppressWarnings("unchecked")
    Map<String, Object> out =
        (Map<String, Object>)
            checkpoint.asyncScript(
                """
                const [token, jwks, done] = arguments;
                import('/checkpoint/frame.js').then(async (f) => {
                  const keys = await f.importJwks(JSON.parse(jwks));
                  const none = f.statusIndex({ revoked: [] });
                  const at = (iso) => Date.parse(iso);
                  const frame = f.decodeFrame(token);
                  const revoked = f.statusIndex({ revoked: [
                    { certificateId: frame.certificateId, status: 'REVOKED' }] });
                  const mutated = token.slice(0, 60) + (token[60] === 'A' ? 'B' : 'A') + token.slice(61);
                  done({
                    certificateId: frame.certificateId, keyId: frame.keyId, window: frame.window,
                    viewSessionRef: frame.viewSessionRef,
                    inWindow: (await f.verifyFrame(token, keys, none, at('2026-01-15T08:00:30Z'))).result,
                    later: (await f.verifyFrame(token, keys, none, at('2026-01-15T08:02:00Z'))).reason,
                    revoked: (await f.verifyFrame(token, keys, revoked, at('2026-01-15T08:00:30Z'))).reason,
                    mutated: (await f.verifyFrame(mutated, keys, none, at('2026-01-15T08:00:30Z'))).reason,
                    garbage: (await f.verifyFrame('hello', keys, none, at('2026-01-15T08:00:30Z'))).reason,
                  });
                }).catch((e) => done({ error: String(e) }));
                """,
                vector,
                jwks);
    assertThat(out)
        .containsEntry("certificateId", "6f1c2b7a-3d4e-4f50-8a61-92b3c4d5e6f7")
        .containsEntry("keyId", 1L)
        .containsEntry("window", 29474400L)
        .containsEntry("viewSessionRef", "0123456789abcdef")
        .containsEntry("inWindow", "ACCEPTED")
        .containsEntry("later", "FRAME_EXPIRED")
        .containsEntry("revoked", "CERTIFICATE_REVOKED")
        .containsEntry("garbage", "MALFORMED");
    assertThat(out.get("mutated")).isIn("BAD_SIGNATURE", "MALFORMED");
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  /** The token in the QR code the passenger's phone shows, read as a scanner would. */
  private String shownToken() {
    passenger.waitFor(
        d ->
            Boolean.TRUE.equals(
                passenger.script(
                    "const i = document.getElementById('qr');"
                        + " return i.complete && i.naturalWidth > 0 && !!i.offsetParent;")));
    // as a scanner does, it looks again while the page is still drawing (a slow machine)
    Exception last = null;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    do {
      try {
        byte[] png = passenger.find("qr").getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return new MultiFormatReader()
            .decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.TRY_HARDER, true))
            .getText();
      } catch (Exception e) {
        last = e;
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "the QR code on the page cannot be scanned; the page: "
            + passenger.screenshot("failed-qr-" + System.currentTimeMillis()),
        last);
  }

  private String frameAfter(String previous) {
    String token = shownToken();
    return token.equals(previous) ? null : token;
  }

  /** Types the token as a keyboard-wedge QR scanner does (text, then Enter). */
  private void verifyAtCheckpoint(String token) {
    checkpoint.script("document.getElementById('result').removeAttribute('data-result')");
    checkpoint.find("token").sendKeys(token + Keys.ENTER);
    checkpoint.waitFor(d -> checkpoint.attribute(By.id("result"), "data-result") != null);
  }

  private static String certificateOf(String token) throws Exception {
    return FrameCodec.decode(token).token().certificateId().toString();
  }

  private long sightings(String certificateId) {
    return jdbc.sql("select count(*) from frame_sighting where certificate_id = ?")
        .param(certificateId)
        .query(Long.class)
        .single();
  }

  /** A frame with one signature character changed: genuine layout, forged signature. */
  private static String forge(String token) {
    int i = 120;
    char c = token.charAt(i) == '0' ? '1' : '0';
    return token.substring(0, i) + c + token.substring(i + 1);
  }

  /** Script errors and Content-Security-Policy violations (failed API calls are not errors). */
  private static List<String> pageErrors(Browser browser) {
    return browser.consoleErrors().stream()
        .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
        .toList();
  }
}
