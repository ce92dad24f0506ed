package org.frontierwatch.testing.legacy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.Rule;

/**
 * The expected messages of a sequence of group changes: consumes {@link GroupChange}s, produces the alert messages
 * the legacy evaluator sends for them when every incident is kept (its stream time held far in the past, so no
 * incident and no alert ever ages out): episodes over the full incident list.
 */
public final class LegacyOracle {

    /** Before any incident a test uses: nothing is ever older than the legacy cutoff. */
    private static final Instant KEEP_EVERYTHING = Instant.parse("1700-01-01T00:00:00Z");

    private final LegacyAlertLifecycle lifecycle;
    private final Map<String, LegacyGroupState> groups = new HashMap<>();

    public LegacyOracle(ReferenceData reference, Duration grace) {
        this.lifecycle = new LegacyAlertLifecycle(new LegacyAlertFactory(reference, code -> { }), grace);
    }

    public List<Alert> apply(Rule rule, GroupChange change, Instant now) {
        String group = change.ruleId() + "/" + change.groupKey();
        LegacyAlertLifecycle.Outcome outcome = lifecycle.apply(rule,
                groups.getOrDefault(group, LegacyGroupState.EMPTY), change, KEEP_EVERYTHING, now);
        groups.put(group, outcome.state());
        return outcome.alerts();
    }

    /** The incidents the legacy state holds for a group (all of them, ever). */
    public int incidents(String group) {
        LegacyGroupState s = groups.get(group);
        return s == null ? 0 : s.contributions().size();
    }
}
