package org.frontierwatch.testing.legacy;

import java.util.List;
import org.frontierwatch.model.Incident;

/**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
 * The state of one rule group (rule + group values, e.g. one district): the incidents still inside the window
 * plus grace, and the alerts open for it.
 */
public record LegacyGroupState(List<Incident> contributions, List<LegacyAlertState> openAlerts) {

    public static final LegacyGroupState EMPTY = new LegacyGroupState(List.of(), List.of());

    public LegacyGroupState {
        contributions = List.copyOf(contributions);
        openAlerts = List.copyOf(openAlerts);
    }

    public boolean isEmpty() {
        return contributions.isEmpty() && openAlerts.isEmpty();
    }
}
