package org.frontierwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Atom feed's membership rules and its document, parsed back with the JDK's XML parser. */
class AtomFeedTest {

    private static List<Alert> latestAfterRetraction() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            h.retract("TJK-2025-0004");
            Map<String, Alert> latest = new LinkedHashMap<>();
            h.alerts().forEach(a -> latest.put(a.key(), a));
            return List.copyOf(latest.values());
        }
    }

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element entry, String name) {
        return entry.getElementsByTagNameNS(ATOM, name).item(0).getTextContent();
    }

    @Test
    void shouldTitleAnEndedEpisodesAllClearAsSuchAndKeepItFor48HoursAfterItWasSent() throws Exception {
        List<Alert> alerts = AlertFilterTest.afterTheEpisodesEnded();
        Alert first = alerts.get(0);
        Instant now = first.sent();
        assertEquals(6, AtomFeed.entries(alerts, now).size());
        assertEquals(6, AtomFeed.entries(alerts, now.plus(Duration.ofHours(47))).size(),
                "kept past its 24-hour expiry: it ended when it was sent");
        assertEquals(0, AtomFeed.entries(alerts, now.plus(Duration.ofHours(49))).size(), "gone 48 hours after it");

        Alert hostile = new Alert(first.key(), first.alertId(), first.msgType(), first.references(),
                first.content().toBuilder().headline("Ended: <b>&amp;</b>\u0007").build(), first.sent(),
                first.expires(), first.asOf());
        List<Alert> shown = new ArrayList<>(AtomFeed.entries(alerts, now));
        shown.set(shown.indexOf(first), hostile);
        Document doc = parse(AtomFeed.write(shown, "http://127.0.0.1:8080", "/cap/feed.atom", "Frontier Watch", now));
        NodeList entries = doc.getElementsByTagNameNS(ATOM, "entry");
        assertEquals(6, entries.getLength());
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            assertTrue(text(entry, "title").startsWith("All clear: Ended: "), text(entry, "title"));
            assertTrue(text(entry, "summary").startsWith("The episode has ended"), text(entry, "summary"));
            assertTrue(text(entry, "summary").matches("(?s).* Exposed: (\\d+ \\w+(, )?)+ workers? at \\d+ sites?\\."),
                    "whom it concerns: " + text(entry, "summary"));
        }
        Element mine = (Element) entries.item(shown.indexOf(hostile));
        assertEquals("All clear: Ended: <b>&amp;</b>\ufffd", text(mine, "title"),
                "markup escaped as text, a control character replaced as in every feed entry");
        assertEquals(0, mine.getElementsByTagName("b").getLength());
    }

    @Test
    void shouldKeepACancelledMessageFor48HoursAndBoundTheEntries() {
        List<Alert> alerts = latestAfterRetraction();
        Alert cancel = alerts.stream().filter(a -> a.msgType() == MsgType.Cancel).findFirst().orElseThrow();
        assertEquals(6, AtomFeed.entries(alerts, cancel.sent()).size(), "five active and the cancelled one");
        assertEquals(6, AtomFeed.entries(alerts, cancel.sent().plus(Duration.ofHours(47))).size());
        List<Alert> after48h = AtomFeed.entries(alerts, cancel.sent().plus(Duration.ofHours(49)));
        assertTrue(after48h.stream().noneMatch(a -> a.msgType() == MsgType.Cancel), after48h.toString());
        List<Alert> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.addAll(alerts);
        }
        assertEquals(AtomFeed.MAX_ENTRIES, AtomFeed.entries(many, cancel.sent()).size());
    }

    @Test
    void shouldWriteAnAtomDocumentLinkingEachCapMessage() throws Exception {
        List<Alert> alerts = latestAfterRetraction();
        Instant now = alerts.get(alerts.size() - 1).sent();
        String xml = AtomFeed.write(AtomFeed.entries(alerts, now), "http://127.0.0.1:8080", "/cap/feed.atom?x=<&>",
                "Frontier \"Watch\" & co", now);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("http://www.w3.org/2005/Atom", doc.getDocumentElement().getNamespaceURI());
        NodeList entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        assertEquals(6, entries.getLength());
        Element first = (Element) entries.item(0);
        Element link = (Element) first.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link").item(0);
        assertEquals("application/cap+xml", link.getAttribute("type"));
        assertTrue(link.getAttribute("href").startsWith("http://127.0.0.1:8080/cap/alerts/"), link.getAttribute("href"));
        assertTrue(link.getAttribute("href").endsWith(".xml"));
        assertTrue(!link.getAttribute("href").substring("http://127.0.0.1:8080/cap/alerts/".length()).contains("/"),
                "the alert id's slashes are percent-encoded: " + link.getAttribute("href"));
        assertEquals("Frontier \"Watch\" & co", doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "name")
                .item(0).getTextContent());
    }
}
