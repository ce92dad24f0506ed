package org.frontierwatch.rules;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalisation shared by the gazetteer lookup and alert keys: case-folded, diacritics stripped, runs of
 * anything but letters and digits collapsed to one hyphen. "Shamsiddin Shohin", "SHAMSIDDIN-SHOHIN" and
 * "Šamsiddin Šohin" all become {@code shamsiddin-shohin}.
 */
public final class Keys {

    private Keys() {
    }

    public static String slug(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingHyphen = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                if (pendingHyphen && out.length() > 0) {
                    out.append('-');
                }
                pendingHyphen = false;
                out.append(Character.toLowerCase(c));
            } else if (c != '\'' && c != '\u2019' && c != '\u02bc') {
                // apostrophes vanish (Mu'minobod = Muminobod); every other separator becomes one hyphen
                pendingHyphen = true;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
