package org.frontierwatch.reference;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalisation shared by the gazetteer lookup and alert keys: case-folded, the caron letters of scholarly
 * Latin transliteration spelt out as the digraphs of common English usage (š = sh, č = ch, ž = zh, ǧ/ğ = gh),
 * other diacritics stripped (ŭ = u), apostrophes dropped, runs of anything else but letters and digits collapsed
 * to one hyphen. "Shamsiddin Shohin", "SHAMSIDDIN-SHOHIN" and "Šamsiddin Šohin" all become
 * {@code shamsiddin-shohin}.
 */
public final class Keys {

    private Keys() {
    }

    public static String slug(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(
                spellOutCarons(Normalizer.normalize(text, Normalizer.Form.NFC)), Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingHyphen = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (isApostrophe(c)) {
                continue; // apostrophes vanish (Mu'minobod = Muminobod), including the letter-like U+02BC/U+02BB
            }
            if (Character.isLetterOrDigit(c)) {
                if (pendingHyphen && out.length() > 0) {
                    out.append('-');
                }
                pendingHyphen = false;
                out.append(Character.toLowerCase(c));
            } else {
                pendingHyphen = true; // every other separator becomes one hyphen
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code s} with every character found in {@code chars} (separators and punctuation: never letters, digits or '-',
     * which are skipped unexamined) replaced by {@code with}. What a regex character class would do, without
     * compiling one per call: this runs for every id of every alert.
     */
    public static String replaceEach(String s, String chars, char with) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-') {
                continue;
            }
            if (chars.indexOf(c) >= 0) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = with;
            }
        }
        return out == null ? s : new String(out);
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u02bc' || c == '\u02bb';
    }

    private static String spellOutCarons(String text) {
        StringBuilder b = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\u0160', '\u0161' -> b.append("sh");
                case '\u010c', '\u010d' -> b.append("ch");
                case '\u017d', '\u017e' -> b.append("zh");
                case '\u01e6', '\u01e7', '\u011e', '\u011f' -> b.append("gh");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
