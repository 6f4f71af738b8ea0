package io.ledgerbridge.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's ChromeDriver: no browser is downloaded. When either
 * is missing, {@code dashboard/browser-setup.sh} installs both from Debian's packages first.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    String base;

    Browser() {
        installIfMissing();
        try {
            profile = Files.createTempDirectory("lb-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-quic", "--window-size=1280,900", "--lang=en-US", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        screenshots = screenshotDirectory();
    }

    /** Runs the project's own install script when the browser or its driver is missing. */
    private static void installIfMissing() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        Path script = repositoryRoot().resolve("dashboard/browser-setup.sh");
        try {
            var p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " did not install Chromium and ChromeDriver");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("dashboard/browser-setup.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no dashboard/browser-setup.sh above " + Path.of("").toAbsolutePath());
    }

    /**
     * Where screenshots go: {@code docs/screenshots} of the repository when the build says
     * {@code -Ddashboard.screenshots=docs}, else {@code target/screenshots}, so that a plain test run leaves the
     * committed pictures alone.
     */
    private static Path screenshotDirectory() {
        String where = System.getProperty("dashboard.screenshots", "target");
        Path dir = "docs".equals(where) ? repositoryRoot().resolve("docs/screenshots") : Path.of("target/screenshots");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    void go(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    <T> T await(Function<WebDriver, T> condition) {
        // The live-status script replaces elements as statuses change: an element found a moment ago may be gone.
        return new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    /** Clicks something that loads a new page (a link, a form's button) and waits until the new page has loaded. */
    void clickThrough(WebElement element) {
        script("window.__lbPreviousPage = true;");
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(script(
                        "return window.__lbPreviousPage === undefined && document.readyState === 'complete';")));
    }

    void clickThrough(String css) {
        clickThrough(find(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The HTTP status of a GET from inside the page, with the page's cookies. */
    long status(String path) {
        return (Long) ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1]; fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(function (r) { done(r.status); });", path);
    }

    void signIn(String email, String password) {
        go("/signin");
        submitSignIn(email, password);
    }

    /** Fills and sends the sign-in form of the page the browser is on. */
    void submitSignIn(String email, String password) {
        find("#email").clear();
        find("#email").sendKeys(email);
        find("#password").sendKeys(password);
        clickThrough("form[action='/signin'] button[type=submit]");
    }

    void signOut() {
        driver.manage().deleteAllCookies();
    }

    /** A picture of the whole page, at the window's width. */
    void screenshot(String name) {
        var size = (Map<?, ?>) script("return {w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight};");
        long w = ((Number) size.get("w")).longValue();
        long h = Math.min(((Number) size.get("h")).longValue(), 6000);
        var shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
        try {
            Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the page's scripts wrote to the console since the last call (errors included). */
    List<String> console() {
        return driver.manage().logs().get("browser").getAll().stream().map(Object::toString).toList();
    }

    /** Keeps the page's current HTML, for reading after a failed test. */
    void keepPage(String file) {
        try {
            Files.writeString(Path.of(file), driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            // only a help for reading failures
        }
    }

    void windowSize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
