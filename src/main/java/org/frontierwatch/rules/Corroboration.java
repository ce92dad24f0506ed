package org.frontierwatch.rules;

import org.frontierwatch.model.Certainty;

/**
 * How well an episode is sourced, as its best-sourced incident is: how many independent sources reported it across
 * its revisions, and whether one of them was first-hand (the authorities of the place, or the reporting
 * organisation's own people). Consumes those two facts; produces the CAP certainty that follows from them and whether
 * a level's {@code min_sources} holds.
 *
 * <p>The mapping (docs/rules.md, "Corroboration"): first-hand gives {@code Observed} (CAP 1.2: "determined to have
 * occurred or to be ongoing"); two or more independent sources {@code Likely} ("p &gt; ~50%"); one source, or none
 * named, {@code Possible} ("p &lt;= ~50%"): a single unconfirmed report.
 */
public record Corroboration(int sources, boolean firstHand) {

    /** Nothing known about the sources: one report. */
    public static final Corroboration UNSOURCED = new Corroboration(0, false);

    public Certainty certainty() {
        if (firstHand) {
            return Certainty.Observed;
        }
        return sources >= 2 ? Certainty.Likely : Certainty.Possible;
    }

    /** True when a level asking for {@code minSources} independent sources may fire; first-hand always may. */
    public boolean satisfies(int minSources) {
        return firstHand || sources >= minSources;
    }

    /** The better sourced of the two: first-hand first, then more sources. */
    public Corroboration max(Corroboration other) {
        if (firstHand != other.firstHand) {
            return firstHand ? this : other;
        }
        return sources >= other.sources ? this : other;
    }

    /**
     * The highest level of {@code rule} at or below {@code reached} (the level the metric reached) whose sources
     * condition holds, or -1 when none does.
     */
    public int levelOf(Rule rule, int reached) {
        for (int i = Math.min(reached, rule.levels().size() - 1); i >= 0; i--) {
            if (satisfies(rule.levels().get(i).minSources())) {
                return i;
            }
        }
        return -1;
    }
}
