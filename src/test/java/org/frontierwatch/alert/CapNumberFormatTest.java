package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CAP circles' coordinates are written as String.format's %.Nf would, digit for digit; CAP times as the CAP date
 * pattern's formatter would.
 */
class CapNumberFormatTest {

    private static void same(double v, int decimals) {
        assertEquals(String.format(Locale.ROOT, "%." + decimals + "f", v), CapXmlWriter.fixed(v, decimals),
                "for " + v + " with " + decimals + " decimals");
    }

    @Test
    void shouldFormatCoordinatesAndRadiiExactlyLikeStringFormat() {
        for (double v : new double[] {0, -0.0, 37.95, 70.12, -179.999995, 179.999995, 0.000005, -0.000004, 1e-9,
            -1e-9, 12.345675, 12.345665, 0.5, 5.0, 10.05, 2.675, -2.675, 89.9999999, 1.0E7}) {
            same(v, 5);
            same(v, 1);
        }
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            double v = (r.nextDouble() - 0.5) * 360;
            if (i % 3 == 0) {
                v = Math.round(v * 1e6) / 1e6 + 0.000005; // right on a rounding edge, give or take the binary form
            }
            same(v, 5);
            same(v / 10, 1);
        }
    }

    @Test
    void shouldWriteCapTimesExactlyLikeTheDateTimeFormatter() {
        DateTimeFormatter cap = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'-00:00'");
        Random r = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            // Years 1 to 12000, so both sides of the four-digit years every alert has.
            Instant t = Instant.ofEpochSecond(-62_100_000_000L + (long) (r.nextDouble() * 380_000_000_000L),
                    r.nextInt(1_000_000_000));
            String expected = cap.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)
                    .toLocalDateTime());
            assertEquals(expected, CapXmlWriter.capTime(t), "for " + t);
        }
        assertEquals("2025-11-30T23:59:59-00:00", CapXmlWriter.capTime(Instant.parse("2025-11-30T23:59:59.999Z")));
    }
}
