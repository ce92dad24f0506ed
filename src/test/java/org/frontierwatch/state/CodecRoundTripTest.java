package org.frontierwatch.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.IncidentState;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Reports;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;

/** The hand-laid binary codecs give back equal values, nulls, extremes and any Unicode included, and reject garbage. */
class CodecRoundTripTest {

    private static final String[] TEXT = {null, "", "Shamsiddin Shohin", "Šamsiddin Šohin", "Мургоб", "塔吉克斯坦",
        "emoji \uD83D\uDE80 and \u0000 nul", "x".repeat(300)};

    private static String text(Random r) {
        return TEXT[r.nextInt(TEXT.length)];
    }

    private static String nonNull(Random r) {
        String s = text(r);
        return s == null ? "id" : s;
    }

    private static Instant instant(Random r, boolean nullable) {
        if (nullable && r.nextInt(3) == 0) {
            return null;
        }
        return Instant.ofEpochSecond(-2_000_000_000L + (long) (r.nextDouble() * 6e9), r.nextInt(1_000_000_000));
    }

    private static List<String> list(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.add(nonNull(r));
        }
        return out;
    }

    static Incident incident(Random r) {
        // Every field, drawn in the order of the record's components.
        IncidentReport report = Reports.report(nonNull(r)).revision(1 + r.nextInt(Integer.MAX_VALUE))
                .at(instant(r, false)).reportedAt(instant(r, true)).eventType(nonNull(r)).subEventType(text(r))
                .country(nonNull(r)).admin1(text(r)).admin2(text(r))
                .coordinates(r.nextBoolean() ? null : r.nextDouble() * 180 - 90, r.nextBoolean() ? null : -179.5)
                .geoPrecision(r.nextBoolean() ? null : 1 + r.nextInt(3)).fatalities(r.nextInt(Integer.MAX_VALUE))
                .injured(r.nextBoolean() ? null : r.nextInt(1000)).victims(list(r)).site(text(r)).origin(text(r))
                .originAdmin1(text(r)).actors(list(r)).source(text(r)).notes(text(r)).build();
        return new Incident(report, nonNull(r), nonNull(r), text(r), r.nextBoolean(), r.nextBoolean());
    }

    @Test
    void shouldRoundTripIncidentStatesAndGroupChanges() {
        Random r = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            IncidentState s = new IncidentState(r.nextInt(4) == 0 ? null : incident(r), r.nextInt(1000),
                    r.nextBoolean(), r.nextLong());
            assertEquals(s, IncidentCodec.decodeState(IncidentCodec.encodeState(s)));
            Map<String, String> group = new LinkedHashMap<>();
            group.put("country", nonNull(r));
            group.put("foreign_victim_nationality", nonNull(r));
            GroupChange c = new GroupChange(nonNull(r), nonNull(r), group, nonNull(r),
                    r.nextBoolean() ? null : incident(r), r.nextBoolean() ? null : incident(r), r.nextLong());
            GroupChange back = IncidentCodec.decodeChange(IncidentCodec.encodeChange(c));
            assertEquals(c, back);
            assertEquals(List.copyOf(c.group().keySet()), List.copyOf(back.group().keySet()), "group order kept");
        }
    }

    @Test
    void shouldRoundTripEveryAlertOfTheSeedStoryAndBeSmallerThanItsJson() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            List<Alert> alerts = h.alerts();
            assertEquals(7, alerts.size());
            JsonSerde<Alert> json = new JsonSerde<>(Alert.class);
            for (Alert a : alerts) {
                byte[] bytes = AlertCodec.encode(a);
                assertEquals(a, AlertCodec.decode(bytes));
                int jsonSize = json.serializer().serialize("alerts", a).length;
                assertTrue(bytes.length < jsonSize, bytes.length + " >= " + jsonSize + " for " + a.alertId());
            }
        }
    }

    /**
     * An alert's last message stored by an earlier release (format 1: no {@code as_of}, no foreign fatalities, no
     * rule version; format 2: no rule version; format 3: no exposure) still reads, with what it lacks unknown.
     */
    @Test
    void shouldReadAnAlertStoredInFormatOneTwoOrThreeWithoutTheFieldsAddedSince() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            Alert stored = h.alerts().get(0);
            assertTrue(stored.content().ruleVersion().matches("[0-9a-f]{12}"), stored.content().ruleVersion());
            assertEquals(40, stored.content().exposedWorkers());
            Alert formatThree = new Alert(stored.key(), stored.alertId(), stored.msgType(), stored.references(),
                    stored.content().toBuilder().exposedWorkers(0).exposure(List.of()).sources(0).build(),
                    stored.sent(), stored.expires(), stored.asOf());
            byte[] v4 = AlertCodec.encode(formatThree);
            // Format 4's tail, empty: 0 workers, 0 nationalities, 0 circles, 0 sources (a varint byte each), and a
            // null distance (one byte) per listed site.
            int tail = 4 + stored.content().affectedSites().size();
            byte[] v3 = Arrays.copyOf(v4, v4.length - tail);
            v3[0] = 3;
            assertEquals(formatThree, AlertCodec.decode(v3));
            Alert formatTwo = new Alert(stored.key(), stored.alertId(), stored.msgType(), stored.references(),
                    formatThree.content().toBuilder().ruleVersion(null).build(), stored.sent(), stored.expires(),
                    stored.asOf());
            byte[] v3none = AlertCodec.encode(formatTwo);
            byte[] v2 = Arrays.copyOf(v3none, v3none.length - tail - 1); // a null rule version: one varint byte
            v2[0] = 2;
            assertEquals(formatTwo, AlertCodec.decode(v2));
            Alert formatOne = new Alert(stored.key(), stored.alertId(), stored.msgType(), stored.references(),
                    formatTwo.content().toBuilder().foreignFatalities(0).build(), stored.sent(), stored.expires(),
                    null);
            byte[] all = AlertCodec.encode(formatOne);
            // as_of absent: one boolean byte; foreign fatalities 0: one varint byte; no rule version: one; and the
            // empty format 4 tail.
            byte[] v1 = Arrays.copyOf(all, all.length - tail - 3);
            v1[0] = 1;
            assertEquals(formatOne, AlertCodec.decode(v1));
            assertTrue(stored.content().foreignFatalities() > 0, "the seed's first alert: Chinese workers killed");
        }
    }

    @Test
    void shouldRejectAValueOfAnotherFormatWithAMessageSayingSo() {
        byte[] json = "{\"latest\":null}".getBytes(StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IncidentCodec.decodeState(json));
        assertTrue(e.getMessage().contains("format 123") && e.getMessage().contains("reset"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> AlertCodec.decode(new byte[] {1, 5}));
    }
}
