package org.frontierwatch.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.reference.Keys;

/**
 * Renders an {@link Alert} as an OASIS CAP 1.2 XML document (urn:oasis:names:tc:emergency:cap:1.2). Consumes alerts,
 * produces XML text. Written directly into a string builder (the same bytes a StAX writer gives, several times
 * faster: it runs for every alert message): markup in free text is escaped ({@code &}, {@code <}, {@code >});
 * characters XML 1.0 cannot carry at all (control characters) are replaced by U+FFFD.
 */
public final class CapXmlWriter {

    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    /**
     * CAP 1.2 date-times (section 3.3.2): seconds precision, and UTC written "-00:00" ("Z" must not be used); all our
     * times are UTC.
     */
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'-00:00'");

    private final CapSettings settings;
    /** " radius" of every site circle: the same for all of them. */
    private final String radius;

    public CapXmlWriter(CapSettings settings) {
        this.settings = settings;
        this.radius = " " + fixed(settings.siteRadiusKm(), 1);
    }

    public String write(Alert alert) {
        AlertContent content = alert.content();
        StringBuilder w = new StringBuilder(2048 + content.incidentIds().size() * 48);
        w.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><alert xmlns=\"").append(NAMESPACE).append("\">");
        element(w, "identifier", token(alert.alertId()));
        element(w, "sender", token(settings.sender()));
        element(w, "sent", capTime(alert.sent()));
        element(w, "status", settings.status());
        element(w, "msgType", alert.msgType().name());
        element(w, "scope", settings.scope());
        element(w, "code", "frontier-watch-key:" + token(alert.key()));
        if (!alert.references().isEmpty()) {
            element(w, "references", alert.references().stream()
                    .map(r -> token(settings.sender()) + "," + token(r.alertId()) + "," + capTime(r.sent()))
                    .collect(Collectors.joining(" ")));
        }
        if (!content.incidentIds().isEmpty()) {
            element(w, "incidents", content.incidentIds().stream().map(CapXmlWriter::token)
                    .collect(Collectors.joining(" ")));
        }
        writeInfo(w, alert);
        w.append("</alert>");
        return w.toString();
    }

    private void writeInfo(StringBuilder w, Alert alert) {
        AlertContent content = alert.content();
        w.append("<info>");
        element(w, "language", settings.language());
        element(w, "category", "Security");
        element(w, "event", content.event());
        element(w, "responseType", content.response().name());
        element(w, "urgency", content.urgency().name());
        element(w, "severity", content.severity().name());
        element(w, "certainty", content.certainty().name());
        w.append("<eventCode>");
        element(w, "valueName", "frontier-watch-rule");
        element(w, "value", content.ruleId());
        w.append("</eventCode>");
        if (alert.expires() != null) {
            element(w, "expires", capTime(alert.expires()));
        }
        element(w, "senderName", settings.senderName());
        element(w, "headline", content.headline());
        element(w, "description", description(alert));
        element(w, "instruction", content.instruction());
        if (content.ruleVersion() != null) {
            parameter(w, "rule_version", content.ruleVersion());
        }
        parameter(w, "fatalities", Integer.toString(content.fatalities()));
        parameter(w, "foreign_fatalities", Integer.toString(content.foreignFatalities()));
        parameter(w, "incident_count", Integer.toString(content.count()));
        parameter(w, "exposed_workers", Integer.toString(content.exposedWorkers()));
        for (AlertContent.ExposedNationality n : content.exposure()) {
            parameter(w, "exposed_nationality", n.code() + " " + n.workers());
        }
        parameter(w, "exposure", content.exposureSummary());
        parameter(w, "independent_sources", Integer.toString(content.sources()));
        for (AlertContent.NationalityAtRisk n : content.nationalities()) {
            parameter(w, "nationality_at_risk", n.code()
                    + (n.embassyContact() == null ? "" : " (embassy: " + n.embassyContact() + ")"));
        }
        for (Area area : areas(alert)) {
            w.append("<area>");
            element(w, "areaDesc", area.description);
            for (AffectedSite s : area.sites) {
                if (s.latitude() != null && s.longitude() != null) {
                    element(w, "circle", fixed(s.latitude(), 5) + "," + fixed(s.longitude(), 5) + radius);
                }
            }
            if (area.districtId != null) {
                w.append("<geocode>");
                element(w, "valueName", "frontier-watch-district");
                element(w, "value", area.districtId);
                w.append("</geocode>");
            }
            w.append("</area>");
        }
        if (!content.circles().isEmpty()) {
            // CAP 1.2 section 3.2.4: a circle is "lat,lon radius", the radius in kilometres.
            w.append("<area>");
            element(w, "areaDesc", "Within reach of the incidents (" + content.circles().size() + " place(s))");
            for (AlertContent.Circle c : content.circles()) {
                element(w, "circle", fixed(c.latitude(), 5) + "," + fixed(c.longitude(), 5) + " "
                        + fixed(c.radiusKm(), 1));
            }
            w.append("</area>");
        }
        w.append("</info>");
    }

    private record Area(String description, String districtId, List<AffectedSite> sites) {
    }

    /** One area for a single-district alert; otherwise one per district holding affected sites. */
    private static List<Area> areas(Alert alert) {
        AlertContent content = alert.content();
        if (content.districtId() != null || content.affectedSites().isEmpty()) {
            String desc = content.district() != null
                    ? join(content.district(), content.admin1(), content.country())
                    : content.country();
            return List.of(new Area(desc, content.districtId(), content.affectedSites()));
        }
        Map<String, List<AffectedSite>> byDistrict = new LinkedHashMap<>();
        for (AffectedSite s : content.affectedSites()) {
            byDistrict.computeIfAbsent(s.districtId() == null ? "" : s.districtId(), k -> new ArrayList<>()).add(s);
        }
        return byDistrict.entrySet().stream().map(e -> new Area(
                join(e.getValue().get(0).districtName(), null, content.country()),
                e.getKey().isEmpty() ? null : e.getKey(), e.getValue())).toList();
    }

    private static String join(String district, String admin1, String country) {
        StringBuilder b = new StringBuilder(district == null ? "unknown district" : district);
        if (admin1 != null) {
            b.append(", ").append(admin1);
        }
        if (country != null) {
            b.append(", ").append(country);
        }
        return b.toString();
    }

    private static String description(Alert alert) {
        AlertContent content = alert.content();
        StringBuilder b = new StringBuilder();
        b.append("Rule ").append(content.ruleId()).append(": ").append(content.count()).append(" incident(s), ")
                .append(content.fatalities()).append(" fatalities between ").append(content.windowStart())
                .append(" and ").append(content.windowEnd()).append(". Evidence: ");
        if (content.incidentIdsTruncated()) {
            b.append("the latest ").append(content.incidentIds().size()).append(" of ")
                    .append(content.incidentIdsTotal())
                    .append(": ");
        }
        b.append(String.join(", ", content.incidentIds())).append('.');
        if (!content.affectedSites().isEmpty()) {
            b.append(" Sites");
            if (content.affectedSitesTruncated()) {
                b.append(" (").append(content.affectedSites().size()).append(" of ")
                        .append(content.affectedSitesTotal())
                        .append(')');
            }
            b.append(": ").append(content.affectedSites().stream()
                    .map(s -> s.name() + " (" + s.operator()
                            + (s.distanceKm() == null ? "" : ", " + fixed(s.distanceKm(), 1) + " km away") + ")")
                    .collect(Collectors.joining("; "))).append('.');
        }
        return b.toString();
    }

    private static void parameter(StringBuilder w, String name, String value) {
        w.append("<parameter>");
        element(w, "valueName", name);
        element(w, "value", value);
        w.append("</parameter>");
    }

    /** {@code <name>text</name>}, the text made XML-safe and escaped as character data. */
    private static void element(StringBuilder w, String name, String text) {
        w.append('<').append(name).append('>');
        XmlText.append(w, text, false);
        w.append("</").append(name).append('>');
    }

    /**
     * {@code value} with {@code decimals} digits after the point, exactly as {@code String.format(Locale.ROOT,
     * "%.<decimals>f", value)} writes it (half-up rounding of the shortest decimal form, a sign kept on negative
     * values that round to zero), without building a Formatter for every coordinate of every alert.
     */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        String text = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        return value < 0 || (value == 0 && 1 / value < 0) ? (text.startsWith("-") ? text : "-" + text) : text;
    }

    static String capTime(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return CAP_TIME.format(t); // the formatter's sign and width rules; no alert date comes here
        }
        // What CAP_TIME writes, without a formatter per timestamp (two or three of them in every message).
        StringBuilder b = new StringBuilder(25).append(t.getYear()).append('-');
        twoDigits(b, t.getMonthValue()).append('-');
        twoDigits(b, t.getDayOfMonth()).append('T');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        return twoDigits(b, t.getSecond()).append("-00:00").toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /**
     * CAP identifiers and list items must not contain whitespace, commas or the restricted characters &lt; and &amp;.
     */
    static String token(String s) {
        return s == null ? "" : Keys.replaceEach(s, " \t\n\u000B\f\r,<&", '_');
    }


    /** Replaces characters that XML 1.0 cannot represent, even escaped, with U+FFFD. */
    static String xmlSafe(String s) {
        return XmlText.safe(s);
    }
}
