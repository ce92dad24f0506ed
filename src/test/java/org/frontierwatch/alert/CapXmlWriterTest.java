package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.testing.CapSchema;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CapXmlWriterTest {

    static final String HOSTILE = "</headline></info></alert><alert>& \u0001\u001b\ud800 forged";

    private static Alert alert(String text, MsgType type, List<Alert.AlertReference> refs) {
        AlertContent content = AlertContent.builder()
                .ruleId("r").ruleVersion("0123456789ab").event("Event " + text)
                .severity(Severity.Extreme).urgency(Urgency.Immediate).certainty(Certainty.Observed)
                .response(ResponseType.Evacuate)
                .country("TJ").admin1("Khatlon").district("Panj " + text).districtId("tj-panj")
                .group(Map.of("district", "tj-panj"))
                .windowStart(Instant.parse("2025-11-26T12:00:00Z")).windowEnd(Instant.parse("2025-11-26T12:00:00Z"))
                .incidentIds(List.of("id with space", "a,b")).fatalities(3).count(1).metricValue(3.0)
                .affectedSites(List.of(new AlertContent.AffectedSite("s1", "Site " + text, "Op " + text, "tj-panj",
                        "Panj", 37.2, 69.1, Map.of("CN", 3))))
                .nationalities(List.of(new AlertContent.NationalityAtRisk("CN", "China", "Embassy " + text)))
                .headline("Headline " + text).instruction("Instruction " + text)
                .build();
        return new Alert("r/tj-panj/2025-11-26", "r/tj-panj/2025-11-26#2", type, refs, content,
                Instant.parse("2025-11-26T12:00:00.123Z"), Instant.parse("2025-12-03T12:00:00Z"),
                Instant.parse("2025-11-26T06:00:00Z"));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldEscapeInjectedMarkupAndControlCharactersInFreeText() throws Exception {
        String xml = new CapXmlWriter(CapSettings.DEFAULT).write(alert(HOSTILE, MsgType.Alert, List.of()));
        CapSchema.assertValid(xml);
        Document doc = parse(xml);
        assertEquals(1, doc.getElementsByTagNameNS(CapXmlWriter.NAMESPACE, "alert").getLength());
        String headline = doc.getElementsByTagNameNS(CapXmlWriter.NAMESPACE, "headline").item(0).getTextContent();
        assertEquals("Headline </headline></info></alert><alert>& \ufffd\ufffd\ufffd forged", headline);
        assertEquals("2025-11-26T12:00:00-00:00",
                doc.getElementsByTagNameNS(CapXmlWriter.NAMESPACE, "sent").item(0).getTextContent());
        assertEquals("id_with_space a_b",
                doc.getElementsByTagNameNS(CapXmlWriter.NAMESPACE, "incidents").item(0).getTextContent());
    }

    @Test
    void shouldNameTheRuleVersionInAParameter() throws Exception {
        String xml = new CapXmlWriter(CapSettings.DEFAULT).write(alert("x", MsgType.Alert, List.of()));
        CapSchema.assertValid(xml);
        assertTrue(xml.contains("<parameter><valueName>rule_version</valueName><value>0123456789ab</value>"
                + "</parameter>"), xml);
    }

    @Test
    void shouldListReferencesAsSenderIdentifierSentTriples() throws Exception {
        String xml = new CapXmlWriter(CapSettings.DEFAULT).write(alert("x", MsgType.Update, List.of(
                new Alert.AlertReference("r/tj-panj/2025-11-26#1", Instant.parse("2025-11-26T13:00:00Z")))));
        CapSchema.assertValid(xml);
        assertTrue(
                xml.contains(
                "<references>frontier-watch,r/tj-panj/2025-11-26#1,2025-11-26T13:00:00-00:00</references>"), xml);
        assertTrue(xml.contains("<circle>37.20000,69.10000 10.0</circle>"), xml);
    }
}
