package org.frontierwatch.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One incident change routed to one rule group: {@code before}/{@code after} are the incident's old and new
 * versions as far as this group is concerned (null when that version is not in the group or not matched by the
 * rule's filter). Keyed on the repartition topic by {@code ruleId/groupKey}.
 */
public record GroupChange(String ruleId, String groupKey, Map<String, String> group, String incidentId,
                          Incident before, Incident after, long receivedAtMs) {

    public GroupChange {
        group = group == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(group));
    }
}
