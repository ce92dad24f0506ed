package org.frontierwatch.alertmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;

/**
 * Maps one Frontier Watch alert message to Alertmanager labels and annotations. Labels are what routing, grouping
 * and inhibition match on, so they hold only what identifies the alert and its level; everything that describes it
 * (headline, instruction, sites, exposure, evidence) is an annotation, bounded in size.
 */
public final class AlertLabels {

    /** Sites and incident ids named in an annotation; the rest are counted ("and 12 more"). */
    static final int MAX_LISTED = 10;
    /** Longest annotation value; Alertmanager has no limit, but receivers (Slack, e-mail subjects) do. */
    static final int MAX_ANNOTATION_CHARS = 2000;

    private AlertLabels() {
    }

    public static Map<String, String> labels(Alert a) {
        AlertContent content = a.content();
        Map<String, String> l = new LinkedHashMap<>();
        l.put("alertname", content.ruleId());
        l.put("alert_key", a.key());
        l.put("rule", content.ruleId());
        put(l, "severity", content.severity() == null ? null : content.severity().name());
        put(l, "response", content.response() == null ? null : content.response().name());
        put(l, "urgency", content.urgency() == null ? null : content.urgency().name());
        put(l, "country", content.country());
        put(l, "district", content.district());
        put(l, "district_id", content.districtId());
        String nationalities = content.nationalities().stream().map(AlertContent.NationalityAtRisk::code)
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
        put(l, "nationalities", nationalities);
        return l;
    }

    public static Map<String, String> annotations(Alert a) {
        AlertContent content = a.content();
        Map<String, String> n = new LinkedHashMap<>();
        put(n, "summary", content.headline());
        put(n, "description", content.instruction());
        put(n, "event", content.event());
        put(n, "sites", listed(content.affectedSites().stream()
                .map(s -> s.name() == null ? s.siteId() : s.name() + " (" + s.siteId() + ")").toList(),
                content.affectedSitesTotal()));
        put(n, "exposure", content.exposureSummary());
        put(n, "exposed_workers", Integer.toString(content.exposedWorkers()));
        put(n, "incident_ids", listed(content.incidentIds(), content.incidentIdsTotal()));
        put(n, "alert_id", a.alertId());
        put(n, "rule_version", content.ruleVersion());
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
            m.put(name, value.length() > MAX_ANNOTATION_CHARS ? value.substring(0, MAX_ANNOTATION_CHARS - 1) + "…"
                    : value);
        }
    }
}
