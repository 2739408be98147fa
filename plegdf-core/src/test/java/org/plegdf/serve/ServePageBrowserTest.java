package org.plegdf.serve;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.plegdf.model.Ablation;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.predict.PredictOptions;

/**
 * The page at / in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (no driver download: the driver and the browser are given by path, Selenium Manager
 * is never asked). Uploads a real encoded video, waits for the score, opens the report, and saves a
 * screenshot to target/serve-screenshot.png. Where Chromium is missing the test skips, except under
 * CI (CI set), where it fails.
 */
class ServePageBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("plegdf.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("plegdf.chromedriver", "/usr/bin/chromedriver"));

    @TempDir Path dir;

    @Test
    void thePageUploadsAVideoAndShowsTheScoreAndTheReport() throws Exception {
        requireChromium();
        Path model = PredictFixtures.saveUntrained(dir.resolve("model"), TinyModel.config(Ablation.FULL), 5, 18);
        Path video = PredictFixtures.tomVideo(dir.resolve("interview-0042.mp4"));
        ServeSettings settings = new ServeSettings("127.0.0.1", 0, null, 1L << 30, 1, 10, dir.resolve("data"), Duration.ofDays(7), false);
        try (DepressionEstimator est = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu");
                PlegdfServer server = PlegdfServer.start(est, settings, true)) {
            WebDriver browser = chromium();
            try {
                browser.get(server.url());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(3));
                wait.ignoring(StaleElementReferenceException.class);
                wait.until(b -> b.findElement(By.id("model")).getText().contains("resnet18-quarter"));
                browser.findElement(By.id("file")).sendKeys(video.toString());

                By scoreCell = By.cssSelector("#jobs tr td.score");
                wait.until(b -> !b.findElements(scoreCell).isEmpty() && !b.findElement(scoreCell).getText().isEmpty());
                ServeClient api = new ServeClient(server, null);
                JsonNode jobs = ServeClient.json(api.get("/api/v1/predictions")).get("jobs");
                assertThat(jobs).hasSize(1);
                double score = jobs.get(0).at("/summary/score").asDouble();
                assertThat(score).isEqualTo(est.predictVideo(video).score());
                WebElement row = browser.findElement(By.cssSelector("#jobs tr"));
                assertThat(row.findElement(By.cssSelector("td.name")).getText()).isEqualTo("interview-0042.mp4");
                assertThat(browser.findElement(scoreCell).getText()).startsWith(String.format(Locale.ROOT, "%.1f / 63", score)).contains("BDI-II");

                row.findElement(By.cssSelector("button.show-report")).click();
                wait.until(b -> b.findElement(By.id("report-box")).isDisplayed());
                WebElement frame = browser.findElement(By.id("report-frame"));
                browser.switchTo().frame(frame);
                wait.until(b -> !b.findElements(By.id("result")).isEmpty());
                assertThat(browser.findElement(By.id("result")).getText()).contains(String.format(Locale.ROOT, "%.1f", score));
                browser.switchTo().defaultContent();
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
                Thread.sleep(300);
                File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), Path.of("target", "serve-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
    }

    private WebDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1500",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /** Fails under CI, skips elsewhere, when Debian's chromium or chromium-driver is missing. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String msg = "the browser test needs Debian's chromium and chromium-driver at " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver; .ci/run installs them)";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
            fail(msg);
        }
        Assumptions.abort(msg + " - skipped because CI is not set");
    }
}
