package cn.railway.tempid.operations;

import cn.railway.tempid.support.Browser;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Retakes the Cockpit pictures of the README ({@code docs/images/cockpit-*.png}) from a freshly
 * started demo service (headless Chromium with the CJK fonts of {@code fonts-noto-cjk}, so the
 * Chinese process names render): one guest's certificate issued (the certificate's lifecycle) and
 * one application waiting for its liveness result.
 *
 * <pre>
 * mvn spring-boot:run -Dspring-boot.run.arguments=--server.port=8108   # in another terminal
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
 *   cn.railway.tempid.operations.CockpitPictures 8108 docs/images
 * </pre>
 */
public final class CockpitPictures {
  private CockpitPictures() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path out = Path.of(args.length > 1 ? args[1] : "docs/images");
    HttpApi api = new HttpApi(port);

    // 张三 (demo data) gets a certificate: its lifecycle process is running
    HttpApi.Answer issued =
        api.post("/api/v1/applications", Passengers.guestApplication("张三", "11010519491231002X"));
    String session = issued.body().path("liveness").path("sessionId").asText();
    api.post("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS"));
    // a second person's application waits for the liveness result
    String other = cn.railway.tempid.support.TestIdentities.randomIdNumber();
    api.post(
        "/api/v1/demo/registry/persons",
        Map.of("name", "王五", "idNumber", other, "flags", List.of()));
    api.post("/api/v1/applications", Passengers.guestApplication("王五", other));
    Thread.sleep(3000);

    String basic = "Basic ZGVtbzpkZW1v"; // demo:demo
    String application =
        api.get(
                "/engine-rest/process-definition/key/temporary-id-application",
                "Authorization",
                basic)
            .text("id");
    String certificate =
        api.get(
                "/engine-rest/process-definition/key/temporary-id-certificate",
                "Authorization",
                basic)
            .text("id");

    Browser browser = Browser.open(port, 1600, 1150);
    try {
      ChromeDriver driver = browser.driver();
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      driver.get(browser.url("/camunda/app/cockpit/default/"));
      wait.until(d -> !d.findElements(By.cssSelector("input[type=password]")).isEmpty());
      driver.findElement(By.cssSelector("input[type=text]")).sendKeys("demo");
      driver.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
      driver.findElement(By.cssSelector("button[type=submit]")).click();
      wait.until(d -> d.findElements(By.cssSelector("input[type=password]")).isEmpty());
      shoot(
          driver,
          wait,
          browser.url(
              "/camunda/app/cockpit/default/#/process-definition/" + application + "/runtime"),
          out.resolve("cockpit-application-process.png"));
      shoot(
          driver,
          wait,
          browser.url(
              "/camunda/app/cockpit/default/#/process-definition/" + certificate + "/runtime"),
          out.resolve("cockpit-certificate-process.png"));
    } finally {
      browser.close();
    }
  }

  private static void shoot(ChromeDriver driver, WebDriverWait wait, String url, Path file)
      throws Exception {
    driver.get(url);
    wait.until(d -> !d.findElements(By.cssSelector(".djs-container svg")).isEmpty());
    Thread.sleep(4000); // the diagram, its statistics and the instance list settle
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    System.out.println("wrote " + file);
  }
}
