package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through its chromedriver (no download, no network): a fresh
 * profile each time, a phone-sized window, and the Chrome DevTools commands the tests need (cut the
 * network, set the location). Tests using it are skipped when the browser is not installed on a
 * developer's machine; on CI ({@code CI} set) a missing browser is a failure, since {@code .ci/run}
 * installs it.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

  private final ChromeDriver driver;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriver driver, Path profile, String base) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  /** Skips the calling test (or fails it on CI) when Chromium or its driver is missing. */
  public static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String why =
        "browser tests need Debian's chromium and chromium-driver ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): apt-get install -y chromium chromium-driver fonts-noto-cjk";
    if (System.getenv("CI") != null) {
      assertThat(installed).as(why + " — .ci/run installs them").isTrue();
    }
    Assumptions.assumeTrue(installed, "SKIPPED: " + why);
  }

  /** A phone-sized window (CSS pixels) on the service at {@code port}. */
  public static Browser phone(int port) {
    return open(port, 412, 915);
  }

  public static Browser open(int port, int width, int height) {
    assumeInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("tempid-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--lang=zh-CN",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Browser(driver, profile, "http://localhost:" + port);
  }

  public ChromeDriver driver() {
    return driver;
  }

  public String url(String path) {
    return base + path;
  }

  public void open(String path) {
    driver.get(url(path));
    waitFor(d -> "true".equals(attribute(By.tagName("body"), "data-ready")));
  }

  public WebElement find(String id) {
    return driver.findElement(By.id(id));
  }

  public String text(String id) {
    return find(id).getText();
  }

  public boolean visible(String id) {
    return find(id).isDisplayed();
  }

  public void click(String id) {
    WebElement e = find(id);
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    e.click();
  }

  public void type(String id, String text) {
    WebElement e = find(id);
    e.clear();
    e.sendKeys(text);
  }

  public String attribute(By by, String name) {
    List<WebElement> found = driver.findElements(by);
    return found.isEmpty() ? null : found.get(0).getDomAttribute(name);
  }

  public <T> T waitFor(java.util.function.Function<ChromeDriver, T> condition) {
    return waitFor(Duration.ofSeconds(30), condition);
  }

  /**
   * Waits for the condition; on timeout the failure names what the page showed, and a screenshot is
   * saved as target/browser-screenshots/failed-*.png.
   */
  public <T> T waitFor(Duration timeout, java.util.function.Function<ChromeDriver, T> condition) {
    try {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
          .until(d -> condition.apply((ChromeDriver) d));
    } catch (org.openqa.selenium.TimeoutException e) {
      Path shot = screenshot("failed-" + System.currentTimeMillis());
      throw new AssertionError(
          "the page did not get there within "
              + timeout
              + " (screenshot "
              + shot
              + "); it shows: "
              + driver.findElement(By.tagName("body")).getText().replace('\n', ' '),
          e);
    }
  }

  public void waitVisible(String id) {
    waitFor(d -> visible(id));
  }

  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  public Object asyncScript(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** Cuts the browser's network (Chrome DevTools: Network.emulateNetworkConditions). */
  public void offline(boolean offline) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** The device's position as the browser's geolocation reports it (permission granted). */
  public void location(double latitude, double longitude, double accuracyMeters) {
    driver.executeCdpCommand(
        "Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("geolocation")));
    driver.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of("latitude", latitude, "longitude", longitude, "accuracy", accuracyMeters));
  }

  /** Saves a screenshot of the window as target/browser-screenshots/{name}.png. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a screenshot of the whole page (beyond the window) for documentation. */
  public Path fullPageScreenshot(String name) {
    Dimension window = driver.manage().window().getSize();
    script("window.scrollTo(0, 0)");
    Number height = (Number) script("return document.documentElement.scrollHeight");
    try {
      driver
          .manage()
          .window()
          .setSize(
              new Dimension(window.getWidth(), Math.max(window.getHeight(), height.intValue())));
      return screenshot(name);
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  /** Messages the page logged as errors: script errors and Content-Security-Policy violations. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
