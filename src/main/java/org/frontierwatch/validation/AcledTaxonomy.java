package org.frontierwatch.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ACLED's six event types and 25 sub-event types, as listed in the ACLED Codebook (Armed Conflict Location &amp;
 * Event Data Project, codebook editions 2019-2024, section "Event types and sub-event types").
 */
public final class AcledTaxonomy {

    private static final Map<String, Set<String>> SUB_EVENT_TYPES = build();

    private AcledTaxonomy() {
    }

    private static Map<String, Set<String>> build() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("Battles", Set.of("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"));
        m.put("Explosions/Remote violence", Set.of("Chemical weapon", "Air/drone strike", "Suicide bomb",
                "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"));
        m.put("Violence against civilians", Set.of("Sexual violence", "Attack", "Abduction/forced disappearance"));
        m.put("Protests", Set.of("Peaceful protest", "Protest with intervention",
                "Excessive force against protesters"));
        m.put("Riots", Set.of("Violent demonstration", "Mob violence"));
        m.put("Strategic developments", Set.of("Agreement", "Arrests", "Change to group/activity",
                "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction",
                "Non-violent transfer of territory", "Other"));
        return Collections.unmodifiableMap(m);
    }

    public static Set<String> eventTypes() {
        return SUB_EVENT_TYPES.keySet();
    }

    public static boolean isEventType(String eventType) {
        return SUB_EVENT_TYPES.containsKey(eventType);
    }

    /** True when {@code subEventType} is one of the sub-event types ACLED defines under {@code eventType}. */
    public static boolean isSubEventTypeOf(String eventType, String subEventType) {
        Set<String> subs = SUB_EVENT_TYPES.get(eventType);
        return subs != null && subs.contains(subEventType);
    }

    public static boolean isSubEventType(String subEventType) {
        return SUB_EVENT_TYPES.values().stream().anyMatch(s -> s.contains(subEventType));
    }

    public static List<String> subEventTypesOf(String eventType) {
        return SUB_EVENT_TYPES.getOrDefault(eventType, Set.of()).stream().sorted().toList();
    }
}
