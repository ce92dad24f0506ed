package org.frontierwatch.model;

import java.util.List;

/**
 * The state of one rule group (rule + group values, e.g. one district): the incidents still inside the window
 * plus grace, and the alerts open for it.
 */
public record GroupState(List<Incident> contributions, List<AlertState> openAlerts) {

    public static final GroupState EMPTY = new GroupState(List.of(), List.of());

    public GroupState {
        contributions = List.copyOf(contributions);
        openAlerts = List.copyOf(openAlerts);
    }

    public boolean isEmpty() {
        return contributions.isEmpty() && openAlerts.isEmpty();
    }
}
