package org.frontierwatch.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ISO 3166-1 country codes: consumes a country name as ACLED or UCDP spell it, or an ISO numeric code; produces the
 * alpha-2 code, or null when the name is not a country. Names compare ignoring case, diacritics and punctuation;
 * besides the ISO names (resource {@code iso3166-1.tsv}, from Debian's iso-codes) the spellings the two datasets use
 * are known ("Russia", "Democratic Republic of Congo", "DR Congo (Zaire)", "Ivory Coast", "Turkey", "Kosovo", ...).
 * A former name in parentheses after a UCDP name ("Myanmar (Burma)") is ignored.
 */
public final class CountryCodes {

    private static final Map<String, String> BY_NAME = new HashMap<>();
    private static final Map<String, String> BY_NUMERIC = new HashMap<>();

    static {
        try (InputStream in = CountryCodes.class.getResourceAsStream("iso3166-1.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource iso3166-1.tsv missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                BY_NUMERIC.put(f[1], f[0]);
                BY_NAME.put(f[0].toLowerCase(Locale.ROOT), f[0]);
                for (int i = 2; i < f.length; i++) {
                    BY_NAME.put(normalise(f[i]), f[0]);
                    int comma = f[i].indexOf(',');
                    if (comma > 0) { // "Iran, Islamic Republic of" -> also "Iran"
                        BY_NAME.putIfAbsent(normalise(f[i].substring(0, comma)), f[0]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[][] aliases = {
                {"Russia", "RU"}, {"Soviet Union", "RU"}, {"Democratic Republic of Congo", "CD"},
                {"Democratic Republic of the Congo", "CD"}, {"DR Congo", "CD"}, {"Zaire", "CD"},
                {"Republic of Congo", "CG"}, {"Congo", "CG"}, {"Congo-Brazzaville", "CG"}, {"Ivory Coast", "CI"},
                {"Turkey", "TR"}, {"Palestine", "PS"}, {"Kosovo", "XK"}, {"eSwatini", "SZ"}, {"Swaziland", "SZ"},
                {"Kingdom of eSwatini", "SZ"}, {"Bolivia", "BO"}, {"Venezuela", "VE"}, {"Tanzania", "TZ"},
                {"Vietnam", "VN"}, {"Laos", "LA"}, {"Moldova", "MD"}, {"Micronesia", "FM"}, {"Brunei", "BN"},
                {"Czech Republic", "CZ"}, {"United States", "US"}, {"United States of America", "US"},
                {"United Kingdom", "GB"}, {"Cape Verde", "CV"}, {"Macedonia", "MK"}, {"Macedonia, FYR", "MK"},
                {"Bosnia-Herzegovina", "BA"}, {"Taiwan", "TW"}, {"Vatican City", "VA"}, {"Syria", "SY"},
                {"Iran", "IR"}, {"South Korea", "KR"}, {"North Korea", "KP"}, {"Burma", "MM"},
                {"East Timor", "TL"}, {"Gambia", "GM"}, {"Bahamas", "BS"}, {"Yemen (North Yemen)", "YE"},
                {"Serbia (Yugoslavia)", "RS"}, {"Cambodia (Kampuchea)", "KH"}};
        for (String[] a : aliases) {
            BY_NAME.put(normalise(a[0]), a[1]);
        }
    }

    private CountryCodes() {
    }

    /** The alpha-2 code of a country name (or of an alpha-2 code), or null. */
    public static String byName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String code = BY_NAME.get(normalise(name));
        if (code == null) {
            int paren = name.indexOf('(');
            if (paren > 0) { // UCDP: "Myanmar (Burma)"
                code = BY_NAME.get(normalise(name.substring(0, paren)));
            }
        }
        if (code == null && name.strip().matches("[A-Z]{2}")) {
            code = BY_NAME.get(name.strip().toLowerCase(Locale.ROOT));
        }
        return code;
    }

    /** The alpha-2 code of an ISO 3166-1 numeric code ("762", "4" or "004"), or null. */
    public static String byNumeric(String numeric) {
        if (numeric == null || !numeric.strip().matches("\\d{1,3}")) {
            return null;
        }
        return BY_NUMERIC.get(String.format(Locale.ROOT, "%03d", Integer.parseInt(numeric.strip())));
    }

    static String normalise(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return s.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^a-z0-9]+", " ").strip()
                .replaceAll("^the ", "");
    }
}
