package org.frontierwatch.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.District;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.reference.Keys;
import org.frontierwatch.reference.ReferenceData;

/**
 * The filters of {@code GET /api/alerts} and {@code /cap/feed.atom}, parsed from query parameters: which alerts (latest
 * message of each key) a caller asks for. A district is given by id, name or alias and resolved through the gazetteer.
 */
public record AlertFilter(String country, String districtId, String nationality, Severity minSeverity, String rule,
                          String siteId, boolean includeCancelled, boolean includeExpired) {

    public static final AlertFilter ACTIVE = new AlertFilter(null, null, null, null, null, null, false, false);
    static final Set<String> PARAMETERS = Set.of("country", "district", "nationality", "severity", "rule", "site",
            "include");

    /** Parses query parameters; throws {@link BadRequest} naming the parameter and the problem. */
    public static AlertFilter parse(Map<String, List<String>> query, ReferenceData reference) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadRequest("unknown parameter '" + name + "'; known: " + new TreeSet<>(PARAMETERS));
            }
        }
        String country = one(query, "country");
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!country.matches("[A-Z]{2}")) {
                throw new BadRequest("country '" + one(query, "country") + "' is not an ISO 3166 alpha-2 code");
            }
        }
        String districtId = null;
        String district = one(query, "district");
        if (district != null) {
            districtId = resolve(district, country, reference)
                    .orElseThrow(() -> new BadRequest("district '" + district + "' is not in the gazetteer"))
                    .districtId();
        }
        String nationality = one(query, "nationality");
        if (nationality != null) {
            nationality = nationality.toUpperCase(Locale.ROOT);
            if (!nationality.matches("[A-Z]{2}")) {
                throw new BadRequest("nationality '" + one(query, "nationality") + "' is not an ISO 3166 alpha-2 code");
            }
        }
        Severity severity = null;
        String s = one(query, "severity");
        if (s != null) {
            severity = Arrays.stream(Severity.values()).filter(v -> v.name().equalsIgnoreCase(s)).findFirst()
                    .orElseThrow(() -> new BadRequest("severity '" + s + "' is not one of "
                            + List.of(Severity.values())));
        }
        boolean cancelled = false;
        boolean expired = false;
        for (String include : query.getOrDefault("include", List.of())) {
            for (String part : include.split(",")) {
                switch (part.trim()) {
                    case "cancelled" -> cancelled = true;
                    case "expired" -> expired = true;
                    case "" -> { }
                    default -> throw new BadRequest("include '" + part.trim() + "' is not one of [cancelled, expired]");
                }
            }
        }
        return new AlertFilter(country, districtId, nationality, severity, one(query, "rule"), one(query, "site"),
                cancelled, expired);
    }

    private static Optional<District> resolve(String value, String country, ReferenceData reference) {
        Optional<District> byId = reference.district(value);
        if (byId.isPresent()) {
            return byId;
        }
        if (country != null) {
            return reference.districtByName(country, value);
        }
        String slug = Keys.slug(value);
        return reference.districts().stream().filter(d -> Keys.slug(d.name()).equals(slug)
                || d.aliases().stream().anyMatch(a -> Keys.slug(a).equals(slug))).findFirst();
    }

    private static String one(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequest("parameter '" + name + "' given " + values.size() + " times");
        }
        String v = values.get(0).trim();
        if (v.isEmpty()) {
            throw new BadRequest("parameter '" + name + "' is empty");
        }
        return v;
    }

    /**
     * True when the alert (its latest message) is neither cancelled, nor closed by the AllClear Update of its ended
     * episode, nor expired at {@code now}.
     */
    public static boolean active(Alert a, Instant now) {
        return a.msgType() != MsgType.Cancel && !a.isAllClear() && (a.expires() == null || a.expires().isAfter(now));
    }

    /**
     * True when the alert passes the filters. A cancelled alert needs {@code includeCancelled}; one that ended on its
     * own, by the AllClear of its episode or by its expiry (CAP's two ways an event ends), {@code includeExpired}.
     */
    public boolean matches(Alert a, Instant now) {
        AlertContent content = a.content();
        if (a.msgType() == MsgType.Cancel) {
            if (!includeCancelled) {
                return false;
            }
        } else if (!active(a, now) && !includeExpired) {
            return false;
        }
        if (country != null && !country.equals(content.country())) {
            return false;
        }
        if (districtId != null && !districtId.equals(content.districtId())
                && content.affectedSites().stream().noneMatch(site -> districtId.equals(site.districtId()))) {
            return false;
        }
        if (nationality != null && content.nationalities().stream().noneMatch(n -> nationality.equals(n.code()))) {
            return false;
        }
        if (minSeverity != null && (content.severity() == null || content.severity()
                .ordinal() > minSeverity.ordinal())) {
            return false;
        }
        if (rule != null && !rule.equals(content.ruleId())) {
            return false;
        }
        return siteId == null || content.affectedSites().stream().anyMatch(site -> siteId.equals(site.siteId()));
    }

    /** A request the API refuses with 400 and this message. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }
}
