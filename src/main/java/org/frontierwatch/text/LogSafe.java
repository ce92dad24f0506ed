package org.frontierwatch.text;

/**
 * Makes untrusted text (report ids, keys, notes, reasons) safe to put in a log line or a header: consumes any
 * string, produces one printable line. CR, LF, tab and every other C0 and C1 control character, DEL, the Unicode
 * line and paragraph separators (U+2028, U+2029) and the bidirectional overrides are written as escapes
 * ({@code \n}, {@code \u0085}, ...), so a report cannot start a forged log line or visually reorder one; a
 * backslash is doubled so an escape in the input cannot pass for one of ours. Pure.
 */
public final class LogSafe {

    /** Longest escaped text {@link #clip(String)} returns, ellipsis included. */
    public static final int DEFAULT_MAX_LENGTH = 200;

    private LogSafe() {
    }

    /** The text with every line-breaking or invisible control character escaped; "null" for null. */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@link #escape(String)}, then cut to {@link #DEFAULT_MAX_LENGTH} characters. */
    public static String clip(String s) {
        return clip(s, DEFAULT_MAX_LENGTH);
    }

    /** {@link #escape(String)}, then cut to {@code max} characters (at least 4), ending in "..." when cut. */
    public static String clip(String s, int max) {
        if (max < 4) {
            throw new IllegalArgumentException("max must be at least 4, was " + max);
        }
        if (s == null) {
            return "null";
        }
        if (s.length() <= max) {
            String escaped = escape(s);
            if (escaped.length() <= max) {
                return escaped;
            }
        }
        // Escapes token by token and stops early: a 5 MB note is not copied to log 200 characters of it, and
        // the cut never falls inside an escape such as "\u2028" or between the halves of a surrogate pair.
        StringBuilder out = new StringBuilder(max);
        int budget = max - 3;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = replacement(c);
            String token = replacement != null ? replacement
                    : Character.isHighSurrogate(c) && i + 1 < s.length() ? s.substring(i, i + 2) : String.valueOf(c);
            if (out.length() + token.length() > budget) {
                break;
            }
            out.append(token);
            if (replacement == null) {
                i += token.length() - 1;
            }
        }
        return out.append("...").toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
        boolean separator = c == '\u2028' || c == '\u2029';
        boolean bidi = (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\u061c';
        return control || separator || bidi ? String.format("\\u%04x", (int) c) : null;
    }
}
