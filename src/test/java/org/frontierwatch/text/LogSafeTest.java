package org.frontierwatch.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void shouldEscapeCarriageReturnAndLineFeedSoAReportCannotForgeALogLine() {
        String forged = "r-1\r\n2025-12-10 00:00:00 INFO  all clear";
        assertEquals("r-1\\r\\n2025-12-10 00:00:00 INFO  all clear", LogSafe.escape(forged));
    }

    @Test
    void shouldEscapeOtherC0AndC1ControlsDelAndUnicodeLineSeparators() {
        assertEquals("a\\u0000b\\u001bc\\u007fd\\u0085e\\u009bf", LogSafe.escape(
                "a\u0000b\u001bc\u007fd\u0085e\u009bf"));
        assertEquals("x\\u2028y\\u2029z", LogSafe.escape("x\u2028y\u2029z"));
        assertEquals("tab\\t", LogSafe.escape("tab\t"));
    }

    @Test
    void shouldEscapeBidiOverridesThatReorderWhatTheOperatorReads() {
        assertEquals("id\\u202egnp.exe\\u2066", LogSafe.escape("id\u202egnp.exe\u2066"));
    }

    @Test
    void shouldDoubleBackslashesSoInputCannotImitateAnEscape() {
        assertEquals("a\\\\nb", LogSafe.escape("a\\nb"));
    }

    @Test
    void shouldLeavePrintableTextIncludingNonLatinScriptsUntouched() {
        String text = "Šamsiddin Šohin — 中国 👷";
        assertSame(text, LogSafe.escape(text));
        assertEquals(text, LogSafe.clip(text));
    }

    @Test
    void shouldWriteNullAsTheWordNull() {
        assertEquals("null", LogSafe.escape(null));
        assertEquals("null", LogSafe.clip(null));
    }

    @Test
    void shouldClipLongTextToTheLimitWithAnEllipsisWithoutSplittingAnEscape() {
        String clipped = LogSafe.clip("ab" + "\n".repeat(100), 10);
        assertEquals("ab\\n\\n...", clipped);
        assertTrue(clipped.length() <= 10);
    }

    @Test
    void shouldClipWithoutSplittingASurrogatePair() {
        String clipped = LogSafe.clip("abcd👷👷👷", 8);
        assertEquals("abcd...", clipped, "the emoji does not fit whole, so it is left out, not halved");
        assertFalse(Character.isHighSurrogate(clipped.charAt(clipped.length() - 4)));
    }

    @Test
    void shouldClipAMultiMegabyteStringToTheDefaultLimitAndKeepItOnOneLine() {
        String huge = "line\n".repeat(1_000_000);
        String clipped = LogSafe.clip(huge);
        assertTrue(clipped.length() <= LogSafe.DEFAULT_MAX_LENGTH, clipped);
        assertFalse(clipped.contains("\n"));
        assertTrue(clipped.endsWith("..."));
    }

    @Test
    void shouldReturnTextThatFitsAfterEscapingUnclipped() {
        assertEquals("a\\nb", LogSafe.clip("a\nb", 4));
    }

    @Test
    void shouldRefuseALimitTooSmallForTheEllipsis() {
        assertThrows(IllegalArgumentException.class, () -> LogSafe.clip("abc", 3));
    }
}
