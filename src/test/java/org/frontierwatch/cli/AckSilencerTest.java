package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.frontierwatch.alertmanager.AlertmanagerSilences.Matcher;
import org.frontierwatch.console.Acknowledgement;
import org.frontierwatch.console.Acknowledgements;
import org.frontierwatch.console.Disposition;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.junit.jupiter.api.Test;

/** The silence an acknowledgement creates covers the levels the acknowledgement covers, and no higher one. */
class AckSilencerTest {

    static final Instant AT = Instant.parse("2025-12-05T10:00:00Z");
    static final Acknowledgement AVOID = new Acknowledgement("k", "k#2", ResponseType.Avoid, Severity.Severe,
            Disposition.SomeImpact, "", "officer", AT);

    private static boolean matches(List<Matcher> matchers, String name, String value) {
        Matcher m = matchers.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return m.regex() ? Pattern.matches(m.value(), value) : m.value().equals(value);
    }

    @Test
    void shouldSilenceTheAcknowledgedLevelAndLowerOnesButNotAHigherOne() {
        List<Matcher> m = AckSilencer.matchers(AVOID);
        assertTrue(matches(m, "alert_key", "k"));
        for (ResponseType r : ResponseType.values()) {
            assertEquals(AVOID.coversLevel(r, Severity.Severe), matches(m, "response", r.name()), r.name());
        }
        for (Severity s : Severity.values()) {
            assertEquals(AVOID.coversLevel(ResponseType.Avoid, s), matches(m, "severity", s.name()), s.name());
        }
        assertFalse(matches(m, "response", "Evacuate"));
        assertTrue(matches(m, "response", "Monitor"));
    }

    @Test
    void shouldLastUntilTheAlertExpiresOrTheRetentionWhenItHasNoExpiry() {
        Alert expiring = new Alert("k", "k#2", MsgType.Update, List.of(), AlertContent.builder().ruleId("r").build(),
                AT, AT.plusSeconds(3600), AT);
        assertEquals(AT.plusSeconds(3600), AckSilencer.until(AVOID, expiring));
        Alert endless = new Alert("k", "k#2", MsgType.Update, List.of(), AlertContent.builder().ruleId("r").build(),
                AT, null, AT);
        assertEquals(AT.plus(Acknowledgements.RETENTION), AckSilencer.until(AVOID, endless));
    }
}
