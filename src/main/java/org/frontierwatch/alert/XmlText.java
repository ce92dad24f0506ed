package org.frontierwatch.alert;

/**
 * Text for XML documents we write by hand (CAP, Atom): characters XML 1.0 cannot represent replaced with U+FFFD,
 * then {@code & < >} (and in attribute values {@code "}) escaped. Consumes strings, produces XML-safe strings.
 */
public final class XmlText {

    private XmlText() {
    }

    /** Appends {@code text} (null: nothing) escaped as character data, or as a double-quoted attribute value. */
    public static void append(StringBuilder w, String text, boolean attribute) {
        String safe = safe(text == null ? "" : text);
        int from = 0;
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            String escaped = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;"
                    : attribute && c == '"' ? "&quot;" : null;
            if (escaped != null) {
                w.append(safe, from, i).append(escaped);
                from = i + 1;
            }
        }
        w.append(safe, from, safe.length());
    }

    /** Replaces characters that XML 1.0 cannot represent, even escaped, with U+FFFD. */
    public static String safe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || Character.isSurrogate(c);
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (b != null) {
                        b.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            }
            if (!ok && b == null) {
                b = new StringBuilder(s.length());
                b.append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}
