package io.peerwatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@code report.html} in a real browser: Debian's headless chromium through its chromedriver (both
 * installed by the test command's Debian packages). The page must load without a console error or
 * a policy violation, every chart must have drawn visible marks, the alerts filter must work, and
 * hostile text from the input must stay text.
 *
 * <p>Nothing leaves the machine: the page is a local file that loads nothing, chromedriver listens
 * on 127.0.0.1, and chromium runs with its background networking off and every host name
 * unresolvable and every connection sent to a closed loopback proxy. (Traced with strace: the only
 * non-loopback call left is chromium's IPv6 reachability probe, a {@code connect()} of a UDP socket,
 * which sends no packet.)
 */
class HtmlReportChromiumITCase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static ChromeDriver browser(Path profile) {
        assertThat(CHROMIUM).as("Debian package chromium (scripts/debian-packages.txt)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (scripts/debian-packages.txt)").isExecutable();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withAllowedListIps("127.0.0.1").withLogFile(profile.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, o);
    }

    @Test
    void theReportLoadsWithoutErrorsDrawsEveryChartAndFilters(@TempDir Path tmp) throws Exception {
        Path page = tmp.resolve("report.html");
        HtmlReport.write(ReportSamples.day(), page);
        ChromeDriver driver = browser(Files.createDirectories(tmp.resolve("profile")));
        try {
            driver.get(page.toUri().toString());
            assertEveryChartDrew(driver);

            // the filter: by type, then by text
            assertThat(driver.findElement(By.id("shown")).getText()).isEqualTo("6");
            driver.findElement(By.xpath("//select[@id='type-filter']/option[.='P2P_CLIENT']")).click();
            assertThat(driver.findElement(By.id("shown")).getText()).isEqualTo("2");
            assertThat(visibleRows(driver)).allSatisfy(r -> assertThat(r.getText()).contains("P2P_CLIENT"));
            WebElement filter = driver.findElement(By.id("filter"));
            filter.sendKeys("gnutella");
            assertThat(driver.findElement(By.id("shown")).getText()).isEqualTo("1");
            assertThat(visibleRows(driver)).singleElement().satisfies(r -> assertThat(r.getText()).contains("10.10.1.22"));

            // hostile text stayed text: no element made from it, no script of it ran
            assertThat(driver.findElements(By.tagName("img"))).isEmpty();
            assertThat(driver.getTitle()).startsWith("PeerWatch report: <img");

            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    /**
     * {@code analyze --report} on the repository's samples (a capture, a NetFlow export, a Squid log) with a link
     * capacity: the page draws the site's bandwidth with its capacity, the P2P users the samples hold, talkers and
     * cost, and lists every alert the run printed.
     */
    @Test
    void analyzeWritesAReportOfItsRunThatDrawsEveryChart(@TempDir Path tmp) throws Exception {
        Path page = tmp.resolve("report.html");
        io.peerwatch.cli.CliRun.Result run = io.peerwatch.cli.CliRun.run("analyze", "--pcap", "../samples/office-p2p.pcap",
                "--netflow", "../samples/netflow-v9.pcap", "--proxy-log", "../samples/squid-access.log", "--link", "2Mbit/s",
                "--report", page.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("report: " + page);
        long alerts = run.out().lines().filter(l -> !l.isBlank()).count();
        assertThat(alerts).isPositive();

        ChromeDriver driver = browser(Files.createDirectories(tmp.resolve("profile")));
        try {
            driver.get(page.toUri().toString());
            List<Map<String, Object>> charts = assertEveryChartDrew(driver);
            assertThat(charts).filteredOn(c -> c.get("id").equals("chart-site-bandwidth"))
                    .singleElement().satisfies(c -> assertThat(((Number) c.get("limits")).intValue()).as("capacities").isEqualTo(2));
            assertThat(driver.findElement(By.id("shown")).getText()).isEqualTo(Long.toString(alerts));
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    /** Every chart of the page, each having drawn marks with an area on screen; per chart its id, marks and limits. */
    private static List<Map<String, Object>> assertEveryChartDrew(ChromeDriver driver) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('svg.chart')).map(function(s){"
                        + "var drawn=Array.from(s.querySelectorAll('.mark')).filter(function(m){"
                        + "var b=m.getBoundingClientRect();return b.width>0||b.height>0;});"
                        + "return {id:s.id, marks:drawn.length, limits:s.querySelectorAll('.limit').length};});");
        assertThat(charts).extracting(c -> c.get("id")).containsExactlyInAnyOrder("chart-site-bandwidth",
                "chart-alert-types", "chart-p2p-users", "chart-top-talkers", "chart-cost");
        assertThat(charts).allSatisfy(c -> assertThat(((Number) c.get("marks")).intValue()).as(c.get("id") + " marks")
                .isPositive());
        return charts;
    }

    private static void assertNoConsoleErrors(ChromeDriver driver) {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as("console errors and policy violations").isEmpty();
    }

    private static List<WebElement> visibleRows(ChromeDriver driver) {
        return driver.findElements(By.cssSelector("#alerts tbody tr")).stream().filter(WebElement::isDisplayed).toList();
    }
}
