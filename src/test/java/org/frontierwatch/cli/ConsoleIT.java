package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.frontierwatch.testing.Browser;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator console in Debian's chromium (driven by Selenium through /usr/bin/chromedriver), served by a real
 * processor on a real broker with the seed story: the list in severity order, the sites on the map in the colour of
 * their worst advisory, a site's advisories, a report that appears without reload, a hostile report that runs
 * nothing, an acknowledgement that a higher level voids and that survives a restart, nothing fetched from another
 * origin; two instances' pages both showing an alert live; and the token asked once and kept out of
 * URLs. Screenshots go to target/console-screenshots.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConsoleIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String DARVOZ_SITE = "tj-crbc-darvoz-road";
    static final String SHOHIN_SITE = "tj-shohin-sm-compound";
    static final String DARVOZ_KILLED = "foreign-workers-killed/tj-darvoz/2025-11-30";
    static final String INCURSIONS = "cross-border-incursions/tj-shamsiddin-shohin/2025-11-26";
    static final String HOSTILE_ID = "<img src=x onerror=\"window.fwPwned=1\"><script>window.fwPwned=2</script>";

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    @Test
    void shouldShowTheSeedStoryFollowItLiveAndKeepAcknowledgementsAcrossARestart() throws Exception {
        ProcessorRunner.Settings s = ProcessorIT.settings(broker.bootstrapServers(), tmp, "console", 1, Map.of());
        String reports = s.config().topics().incidentReports();
        Files.createDirectories(SHOTS);
        try (Browser browser = Browser.start()) {
            ChromeDriver page = browser.driver();
            try (ProcessorRunner runner = ProcessorIT.startRunning(s)) {
                KafkaClients.send(broker.bootstrapServers(), reports, Fixtures.seedReports(), "id");
                awaitMessages(s, Fixtures.SEED_ALERTS.size());
                String base = ApiIT.base(runner);
                page.get(base + "/console/");
                Set<String> seedKeys = seedKeys();
                browser.until(d -> rowKeys(page).equals(seedKeys), "the six advisories of the seed story");

                assertSeverityOrder(page);
                assertAcknowledgementsTopicKeepsAnAuditTrail(s);
                assertEquals("Evacuate", marker(page, SHOHIN_SITE).getAttribute("data-level"));
                assertEquals("Evacuate", marker(page, DARVOZ_SITE).getAttribute("data-level"));
                assertEquals(browser.css(".badge.level-Evacuate", "background-color"),
                        browser.css("path[data-site-id='" + DARVOZ_SITE + "']", "fill"), "the Evacuate colour");
                assertEquals("none", marker(page, "tj-sample-dushanbe-cement").getAttribute("data-level"));
                assertBorderRecognisable(page);
                browser.screenshot(SHOTS.resolve("console-list-and-map.png"));

                new Actions(page).moveToElement(marker(page, DARVOZ_SITE)).click().perform();
                Set<String> covering = keys(ApiIT.awaitJson(base + "/api/sites/" + DARVOZ_SITE + "/alerts", null,
                        j -> true));
                assertTrue(covering.contains(DARVOZ_KILLED), covering.toString());
                browser.until(d -> texts(page, "#site-panel li[data-key]", "data-key").equals(covering),
                        "the Darvoz road works' advisories in the site panel");
                browser.screenshot(SHOTS.resolve("console-site.png"));

                page.executeScript("window.fwNoReload = 'still here';");
                KafkaClients.send(broker.bootstrapServers(), reports, List.of(hostileReport()), "id");
                String hostileKey = "foreign-workers-killed/tj-vanj/2025-12-04";
                browser.until(d -> rowKeys(page).contains(hostileKey), "the new advisory, without reload");
                assertEquals("still here", page.executeScript("return window.fwNoReload;"), "no reload");
                clickRow(browser, hostileKey);
                browser.until(d -> texts(page, "#evidence li", null).contains(HOSTILE_ID),
                        "the hostile id shown as text");
                assertTrue(page.findElements(By.cssSelector("#evidence img, #evidence script")).isEmpty());
                assertNull(page.executeScript("return window.fwPwned;"), "the hostile report ran a script");
                browser.screenshot(SHOTS.resolve("console-detail.png"));

                acknowledge(browser, DARVOZ_KILLED, "Duty officer Rahimova", "SignificantImpact");
                acknowledge(browser, INCURSIONS, "Duty officer Rahimova", "SomeImpact");
                KafkaClients.send(broker.bootstrapServers(), reports, List.of(
                        Fixtures.crossBorderClash("CB-1", "2025-12-04"),
                        Fixtures.crossBorderClash("CB-2", "2025-12-05")), "id");
                browser.until(d -> ackCell(page, INCURSIONS).contains("level raised"),
                        "the Shelter update voids the acknowledgement of Avoid");
                assertEquals("Shelter", rowAttribute(page, INCURSIONS, "data-response"));
                assertOnlyOwnOrigin(page, base);
                browser.screenshot(SHOTS.resolve("console-acknowledged.png"));
            }
            try (ProcessorRunner restarted = ProcessorIT.startRunning(s)) {
                page.get(ApiIT.base(restarted) + "/console/?ack=yes");
                browser.until(d -> rowKeys(page).equals(Set.of(DARVOZ_KILLED)),
                        "after a restart, the acknowledged advisory under 'acknowledged: yes'");
                assertEquals("Duty officer Rahimova", ackCell(page, DARVOZ_KILLED));
                assertEquals("yes", new Select(page.findElement(By.name("ack"))).getFirstSelectedOption()
                        .getAttribute("value"), "the filter read from the URL");
            }
        }
    }

    @Test
    void shouldAskForTheTokenOnceAndNeverPutItInAUrl() throws Exception {
        String token = "console-token-0123456789abcdef";
        ProcessorRunner.Settings s = ProcessorIT.settings(broker.bootstrapServers(), tmp, "console-token", 1,
                Map.of("frontier.api.token", token));
        try (Browser browser = Browser.start(); ProcessorRunner runner = ProcessorIT.startRunning(s)) {
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(),
                    Fixtures.seedReports(), "id");
            awaitMessages(s, Fixtures.SEED_ALERTS.size());
            String base = ApiIT.base(runner);
            ChromeDriver page = browser.driver();
            page.get(base + "/console/");
            WebElement input = browser.until(d -> d.findElement(By.cssSelector("#token-dialog[open] input")),
                    "the token dialog");
            assertTrue(page.getPageSource().indexOf(token) < 0, "no token in the page");
            input.sendKeys(token);
            page.findElement(By.cssSelector("#token-form button")).click();
            browser.until(d -> rowKeys(page).equals(seedKeys()), "the advisories once the token is given");
            browser.until(d -> "live".equals(page.findElement(By.id("live-status")).getAttribute("data-state")),
                    "the live stream, with the token");
            page.navigate().refresh();
            browser.until(d -> rowKeys(page).equals(seedKeys()), "a reload asks no second time");
            assertFalse(page.findElement(By.id("token-dialog")).isDisplayed());
            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) page.executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
            urls.forEach(u -> assertFalse(u.contains(token), u));

            HttpResponse<String> anonymous = ApiIT.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/acks/"
                    + ApiIT.enc(DARVOZ_KILLED))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"alert_id\":\"x#1\",\"disposition\":\"Duplicate\","
                            + "\"by\":\"nobody\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals(401, ApiIT.get(base + "/console/events").statusCode());
        }
    }

    /**
     * Two instances behind two pages: an alert raised by either instance's tasks appears live on both pages, since
     * every instance follows the whole alerts topic; exactly one instance holds the key, so one page shows an alert
     * another instance raised.
     */
    @Test
    void shouldShowAnAlertLiveOnThePagesOfBothInstancesWhicheverRaisedIt() throws Exception {
        ProcessorRunner.Settings a = ProcessorIT.settings(broker.bootstrapServers(), tmp, "console-two", 4, Map.of());
        ProcessorRunner.Settings b = a.withStateDir(tmp.resolve("console-two-b").resolve("state"));
        try (Browser browserA = Browser.start(); Browser browserB = Browser.start();
             ProcessorRunner first = ProcessorIT.startRunning(a);
             ProcessorRunner second = ProcessorIT.startRunning(b)) {
            List<Browser> browsers = List.of(browserA, browserB);
            List<String> bases = List.of(ApiIT.base(first), ApiIT.base(second));
            for (int i = 0; i < 2; i++) {
                ChromeDriver page = browsers.get(i).driver();
                page.get(bases.get(i) + "/console/");
                browsers.get(i).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready"))
                        && "live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")),
                        "page " + i + " following");
                page.executeScript("window.fwNoReload = 'still here';");
            }
            KafkaClients.send(broker.bootstrapServers(), a.config().topics().incidentReports(),
                    List.of(hostileReport()), "id");
            String key = "foreign-workers-killed/tj-vanj/2025-12-04";
            for (int i = 0; i < 2; i++) {
                ChromeDriver page = browsers.get(i).driver();
                browsers.get(i).until(d -> rowKeys(page).contains(key), "the new advisory on page " + i);
                assertEquals("still here", page.executeScript("return window.fwNoReload;"), "no reload");
            }
            int holders = 0;
            for (String base : bases) {
                holders += ApiIT.get(base + "/api/alerts/" + ApiIT.enc(key) + "?local=true").statusCode() == 200
                        ? 1 : 0;
            }
            assertEquals(1, holders, "one instance holds the alert; the other's page showed it too");
        }
    }

    private static void acknowledge(Browser browser, String key, String by, String disposition) {
        ChromeDriver page = browser.driver();
        clickRow(browser, key);
        browser.until(d -> key.equals(d.findElement(By.id("detail")).getAttribute("data-key"))
                && d.findElement(By.id("ack-form")).getAttribute("data-alert-id") != null, "the detail of " + key);
        WebElement form = page.findElement(By.id("ack-form"));
        new Select(form.findElement(By.name("disposition"))).selectByValue(disposition);
        WebElement name = form.findElement(By.name("by"));
        name.clear();
        name.sendKeys(by);
        form.findElement(By.name("note")).sendKeys("Checked with the site manager by phone.");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(d -> by.equals(ackCell(page, key)), "the acknowledgement of " + key + " in the list");
        page.findElement(By.id("detail-close")).click();
    }

    private static void assertSeverityOrder(ChromeDriver page) {
        List<String> order = List.of("Extreme", "Severe", "Moderate", "Minor", "Unknown");
        List<Integer> ranks = new ArrayList<>();
        attributes(page, "#advisories tbody tr", "data-severity").forEach(s -> ranks.add(order.indexOf(s)));
        List<Integer> sorted = new ArrayList<>(ranks);
        sorted.sort(null);
        assertEquals(sorted, ranks, "most severe first");
        assertEquals(0, ranks.get(0));
    }

    /** The country borders are drawn and both neighbours are named inside the map's view. */
    private static void assertBorderRecognisable(ChromeDriver page) {
        assertTrue(page.findElements(By.cssSelector("path.fw-country")).size() > 50, "country outlines");
        WebElement map = page.findElement(By.id("map"));
        for (String country : List.of("Tajikistan", "Afghanistan")) {
            WebElement label = page.findElements(By.cssSelector(".country-label")).stream()
                    .filter(l -> l.getText().equals(country)).findFirst()
                    .orElseThrow(() -> new AssertionError(country + " is not labelled"));
            int x = label.getRect().getX() - map.getRect().getX();
            int y = label.getRect().getY() - map.getRect().getY();
            assertTrue(x >= 0 && y >= 0 && x < map.getRect().getWidth() && y < map.getRect().getHeight(),
                    country + " label at " + x + "," + y + " outside the map");
        }
    }

    /** Every record kept a week (who, when, what), then compacted to the latest per key, deleted after 30 days. */
    private static void assertAcknowledgementsTopicKeepsAnAuditTrail(ProcessorRunner.Settings s) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC,
                    s.config().topics().acknowledgements());
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertEquals("compact,delete", config.get("cleanup.policy").value());
            assertEquals(String.valueOf(Duration.ofDays(7).toMillis()), config.get("min.compaction.lag.ms").value());
            assertEquals(String.valueOf(Duration.ofDays(30).toMillis()), config.get("retention.ms").value());
        }
    }

    private static void assertOnlyOwnOrigin(ChromeDriver page, String base) {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) page.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        assertFalse(urls.isEmpty());
        urls.forEach(u -> assertTrue(u.startsWith(base + "/"), "fetched from elsewhere: " + u));
    }

    private static Set<String> seedKeys() {
        Set<String> keys = new TreeSet<>();
        Fixtures.SEED_ALERTS.forEach(m -> keys.add(m.substring(m.indexOf(' ') + 1)));
        return keys;
    }

    private static Set<String> rowKeys(ChromeDriver page) {
        return texts(page, "#advisories tbody tr", "data-key");
    }

    /** The elements' texts (or an attribute), read in one script: the page re-renders its list as events come. */
    private static Set<String> texts(ChromeDriver page, String css, String attribute) {
        return new TreeSet<>(attributes(page, css, attribute));
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributes(ChromeDriver page, String css, String attribute) {
        return (List<String>) page.executeScript("return [...document.querySelectorAll(arguments[0])].map(e => "
                + "arguments[1] ? e.getAttribute(arguments[1]) : e.innerText.trim());", css, attribute);
    }

    private static String rowAttribute(ChromeDriver page, String key, String attribute) {
        return (String) page.executeScript("const r = [...document.querySelectorAll('#advisories tbody tr')]"
                + ".find(r => r.getAttribute('data-key') === arguments[0]); return r ? r.getAttribute(arguments[1])"
                + " : null;", key, attribute);
    }

    private static String ackCell(ChromeDriver page, String key) {
        return (String) page.executeScript("const r = [...document.querySelectorAll('#advisories tbody tr')]"
                + ".find(r => r.getAttribute('data-key') === arguments[0]); return r ? r.querySelector('td.ack')"
                + ".innerText.trim() : null;", key);
    }

    /** Clicks the key's row, again if the list re-rendered under the click. */
    private static void clickRow(Browser browser, String key) {
        browser.until(d -> {
            d.findElements(By.cssSelector("#advisories tbody tr")).stream()
                    .filter(r -> key.equals(r.getAttribute("data-key"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + key)).click();
            return key.equals(d.findElement(By.id("detail")).getAttribute("data-key"));
        }, "the row of " + key + " selected");
    }

    private static WebElement marker(ChromeDriver page, String siteId) {
        return page.findElement(By.cssSelector("path[data-site-id='" + siteId + "']"));
    }

    private static Set<String> keys(JsonNode alerts) {
        return ApiIT.keys(alerts);
    }

    private static void awaitMessages(ProcessorRunner.Settings s, int n) throws Exception {
        try (KafkaClients.Reader reader = new KafkaClients.Reader(broker.bootstrapServers(),
                s.config().topics().alerts())) {
            assertEquals(n, reader.readUntil(r -> r.size() >= n, WAIT).size(), "alert messages on the topic");
        }
    }

    /** An attack killing a Chinese worker at the Vanj hydro works, its id and notes written to inject markup. */
    private static String hostileReport() {
        return Fixtures.with(Fixtures.report(HOSTILE_ID, "2025-12-04T08:00:00Z"), Map.of("admin1",
                "Gorno-Badakhshan", "admin2", "Vanch", "site_id", "tj-sample-vanj-hydro", "fatalities", 1,
                "victim_nationalities", List.of("CN"), "notes", "<script>window.fwPwned=3</script>")).toString();
    }

}
