package org.frontierwatch.alertmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.frontierwatch.model.Alert;

/**
 * Maps one Frontier Watch alert message to Alertmanager labels and annotations. Labels are what routing, grouping
 * and inhibition match on, so they hold only what identifies the alert and its level; everything that describes it
 * (headline, instruction, sites, evidence) is an annotation, bounded in size.
 */
public final class AlertLabels {

    /** Sites and incident ids named in an annotation; the rest are counted ("and 12 more"). */
    static final int MAX_LISTED = 10;
    /** Longest annotation value; Alertmanager has no limit, but receivers (Slack, e-mail subjects) do. */
    static final int MAX_ANNOTATION_CHARS = 2000;

    private AlertLabels() {
    }

    public static Map<String, String> labels(Alert a) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("alertname", a.ruleId());
        l.put("alert_key", a.key());
        l.put("rule", a.ruleId());
        put(l, "severity", a.severity() == null ? null : a.severity().name());
        put(l, "response", a.response() == null ? null : a.response().name());
        put(l, "urgency", a.urgency() == null ? null : a.urgency().name());
        put(l, "country", a.country());
        put(l, "district", a.district());
        put(l, "district_id", a.districtId());
        String nationalities = a.nationalities().stream().map(Alert.NationalityAtRisk::code)
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
        put(l, "nationalities", nationalities);
        return l;
    }

    public static Map<String, String> annotations(Alert a) {
        Map<String, String> n = new LinkedHashMap<>();
        put(n, "summary", a.headline());
        put(n, "description", a.instruction());
        put(n, "event", a.event());
        put(n, "sites", listed(a.affectedSites().stream()
                .map(s -> s.name() == null ? s.siteId() : s.name() + " (" + s.siteId() + ")").toList(),
                a.affectedSitesTotal()));
        put(n, "incident_ids", listed(a.incidentIds(), a.incidentIdsTotal()));
        put(n, "alert_id", a.alertId());
        put(n, "msg_type", a.msgType() == null ? null : a.msgType().name());
        put(n, "sent", a.sent() == null ? null : a.sent().toString());
        put(n, "expires", a.expires() == null ? null : a.expires().toString());
        return n;
    }

    static String listed(List<String> items, int total) {
        if (items.isEmpty()) {
            return null;
        }
        String shown = items.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
        int more = Math.max(total, items.size()) - Math.min(items.size(), MAX_LISTED);
        return more > 0 ? shown + " and " + more + " more" : shown;
    }

    private static void put(Map<String, String> m, String name, String value) {
        if (value != null && !value.isBlank()) {
            m.put(name, value.length() > MAX_ANNOTATION_CHARS ? value.substring(0, MAX_ANNOTATION_CHARS - 1) + "…" : value);
        }
    }
}
