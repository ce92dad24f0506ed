package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.MapReferenceData;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** CapXmlWriter(CapSettings.DEFAULT): hostile free text stays text, and the CAP envelope fields are well formed. */
class CapXmlWriterInjectionTest {

    private static final String NS = "urn:oasis:names:tc:emergency:cap:1.2";
    private static final String KEY = "deaths/tj-panj/2025-11-26";
    /** Markup, an ampersand, two control characters, a lone high and a lone low surrogate, then an emoji pair. */
    private static final String HOSTILE = "</alert><alert> & \u0001\u001b \ud800x \udc00 \ud83d\udea8";
    /** What HOSTILE must read back as: markup kept as text, the characters XML cannot carry replaced by U+FFFD. */
    private static final String HOSTILE_AS_TEXT = "</alert><alert> & \ufffd\ufffd \ufffdx \ufffd \ud83d\udea8";

    private static Alert alert(String headline, String instruction, MsgType type, List<Alert.AlertReference> refs,
                               Instant sent) {
        AlertContent content = AlertContent.builder()
                .ruleId("deaths").event("Security alert")
                .severity(Severity.Extreme).urgency(Urgency.Immediate).certainty(Certainty.Observed)
                .response(ResponseType.Evacuate)
                .country("TJ").admin1("Khatlon").district("Panj").districtId("tj-panj")
                .group(Map.of("district", "tj-panj"))
                .windowStart(Instant.parse("2025-11-26T12:00:00Z")).windowEnd(Instant.parse("2025-11-29T08:00:00Z"))
                .incidentIds(List.of("TJK-1", "TJK-2")).fatalities(9).count(2).metricValue(9.0)
                .affectedSites(List.of(new AlertContent.AffectedSite("s-cotton", "Panj cotton gin",
                        "Anatolia Textiles", "tj-panj", "Panj", 37.24, 69.10, Map.of("TR", 12))))
                .nationalities(List.of(new AlertContent.NationalityAtRisk("TR", "Turkey",
                        "Embassy of Turkiye in Dushanbe")))
                .headline(headline).instruction(instruction)
                .build();
        return new Alert(KEY, KEY + "#" + (refs.size() + 1), type, refs, content, sent, sent.plusSeconds(14 * 86400),
                sent);
    }

    private static String write(Alert alert) {
        return new CapXmlWriter(CapSettings.DEFAULT).write(alert);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element only(Document doc, String localName) {
        NodeList list = doc.getElementsByTagNameNS(NS, localName);
        assertEquals(1, list.getLength(), "number of <" + localName + "> elements");
        return (Element) list.item(0);
    }

    private static void assertTextOnly(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            assertEquals(Node.TEXT_NODE, n.getNodeType(), "<" + e.getLocalName() + "> holds only text");
        }
    }

    @Test
    void shouldWriteHostileHeadlineAndInstructionAsValidCap() throws Exception {
        String xml = write(alert("Headline " + HOSTILE, "Instruction " + HOSTILE, MsgType.Alert, List.of(),
                Instant.parse("2025-11-26T12:00:00Z")));
        CapSchema.assertValid(xml);
        Document doc = parse(xml);
        assertEquals(NS, doc.getDocumentElement().getNamespaceURI());
        assertEquals("alert", doc.getDocumentElement().getLocalName());
        assertEquals(1, doc.getElementsByTagNameNS("*", "alert").getLength(), "exactly one <alert> element");
        assertEquals(1, doc.getElementsByTagNameNS("*", "info").getLength());
        assertEquals(1, doc.getElementsByTagNameNS("*", "headline").getLength());
    }

    @Test
    void shouldReturnInjectedMarkupAsText() throws Exception {
        String xml = write(alert("Headline " + HOSTILE, "Instruction " + HOSTILE, MsgType.Alert, List.of(),
                Instant.parse("2025-11-26T12:00:00Z")));
        Document doc = parse(xml);
        Element headline = only(doc, "headline");
        Element instruction = only(doc, "instruction");
        assertTextOnly(headline);
        assertTextOnly(instruction);
        assertEquals("Headline " + HOSTILE_AS_TEXT, headline.getTextContent());
        assertEquals("Instruction " + HOSTILE_AS_TEXT, instruction.getTextContent());
        assertTrue(xml.contains("&lt;/alert&gt;&lt;alert&gt; &amp; ") || xml.contains("&lt;/alert>&lt;alert> &amp; "),
                xml);
    }

    @Test
    void shouldNotLeaveControlCharactersOrLoneSurrogatesInTheDocument() {
        String xml = write(alert("Headline " + HOSTILE, "Instruction " + HOSTILE, MsgType.Alert, List.of(),
                Instant.parse("2025-11-26T12:00:00Z")));
        for (int i = 0; i < xml.length(); i++) {
            char c = xml.charAt(i);
            assertFalse(c < 0x20 && c != '\n' && c != '\r' && c != '\t', "control character U+"
                    + Integer.toHexString(c));
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < xml.length() && Character.isLowSurrogate(xml.charAt(i + 1)),
                        "lone high surrogate at " + i);
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "lone low surrogate at " + i);
            }
        }
    }

    @Test
    void shouldRenderSentWithSecondsAndANumericOffset() throws Exception {
        String xml = write(alert("h", "i", MsgType.Alert, List.of(), Instant.parse("2025-11-26T12:00:00.987654Z")));
        CapSchema.assertValid(xml);
        Document doc = parse(xml);
        assertEquals("2025-11-26T12:00:00-00:00", only(doc, "sent").getTextContent());
        assertEquals("2025-12-10T12:00:00-00:00", only(doc, "expires").getTextContent());
        assertEquals("Alert", only(doc, "msgType").getTextContent());
        assertEquals("frontier-watch", only(doc, "sender").getTextContent());
        assertEquals(KEY + "#1", only(doc, "identifier").getTextContent());
        assertEquals(0, doc.getElementsByTagNameNS(NS, "references").getLength(), "a first Alert references nothing");
    }

    @Test
    void shouldRenderUpdateReferencesAsSpaceSeparatedSenderIdSentTriples() throws Exception {
        List<Alert.AlertReference> refs = List.of(
                new Alert.AlertReference(KEY + "#1", Instant.parse("2025-11-26T12:00:00Z")),
                new Alert.AlertReference(KEY + "#2", Instant.parse("2025-11-27T08:30:15.250Z")));
        String xml = write(alert("Update " + HOSTILE, "i", MsgType.Update, refs,
                Instant.parse("2025-11-28T00:00:00Z")));
        CapSchema.assertValid(xml);
        Document doc = parse(xml);
        assertEquals("Update", only(doc, "msgType").getTextContent());
        assertEquals(KEY + "#3", only(doc, "identifier").getTextContent());
        assertEquals("frontier-watch," + KEY + "#1,2025-11-26T12:00:00-00:00 "
                        + "frontier-watch," + KEY + "#2,2025-11-27T08:30:15-00:00",
                only(doc, "references").getTextContent());
    }

    @Test
    void shouldRenderACancelWithoutExpiresAsValidCap() throws Exception {
        Alert base = alert("h", "i", MsgType.Alert, List.of(), Instant.parse("2025-11-26T12:00:00Z"));
        Alert cancel = new AlertFactory(new MapReferenceData(), code -> { })
                .cancel(base, 2, List.of(new Alert.AlertReference(base.alertId(), base.sent())),
                        Instant.parse("2025-11-27T12:00:00Z"), "Retracted: " + HOSTILE, base.asOf());
        String xml = write(cancel);
        CapSchema.assertValid(xml);
        Document doc = parse(xml);
        assertEquals("Cancel", only(doc, "msgType").getTextContent());
        assertEquals("AllClear", only(doc, "responseType").getTextContent());
        assertEquals(0, doc.getElementsByTagNameNS(NS, "expires").getLength());
        assertEquals("Retracted: " + HOSTILE_AS_TEXT, only(doc, "instruction").getTextContent());
    }
}
