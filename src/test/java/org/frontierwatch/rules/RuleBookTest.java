package org.frontierwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The rules in force: snapshots that change as a whole, in definition order. */
class RuleBookTest {

    @Test
    void shouldReplaceARuleInPlaceAddNewOnesAtTheEndAndRemoveWithANewSnapshotEachTime() {
        List<Rule> rules = Fixtures.defaultRules();
        RuleBook book = new RuleBook(rules);
        RuleBook.Snapshot first = book.snapshot();
        assertEquals(rules, first.rules());
        assertSame(first, book.snapshot(), "no change, same snapshot");

        Rule fatalities = first.get("district-fatalities");
        Rule changed = new Rule(fatalities.id(), fatalities.event(), fatalities.kind(), fatalities.metric(),
                fatalities.field(), fatalities.window(), fatalities.groupBy(), fatalities.filter(),
                fatalities.levels().subList(0, 1), fatalities.scope(), fatalities.headline(), fatalities.instruction(),
                fatalities.expiresAfter(), fatalities.updateInterval(), 0, null, "000000000000");
        book.put(changed);
        RuleBook.Snapshot second = book.snapshot();
        assertTrue(second.version() > first.version());
        assertEquals(first.rules().stream().map(Rule::id).toList(), second.rules().stream().map(Rule::id).toList());
        assertSame(changed, second.get("district-fatalities"));
        assertSame(fatalities, first.get("district-fatalities"), "a snapshot never changes");
        assertEquals(fatalities.measure(), changed.measure(), "levels are not part of the measure");

        assertTrue(book.remove("weapons-cache"));
        assertFalse(book.remove("weapons-cache"));
        assertEquals(4, book.snapshot().rules().size());
        assertNotEquals(second.version(), book.snapshot().version());
    }
}
