package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CAP circles' coordinates are written as String.format's %.Nf would, digit for digit. */
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
}
