package org.frontierwatch.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A mutable {@link Tally} while evidence is added or taken away; {@link #build()} freezes it. */
final class TallyBuilder {

    private static final class Counter {
        int count;
        EntryKey first;

        Counter(int count, EntryKey first) {
            this.count = count;
            this.first = first;
        }
    }

    private final boolean ordered;
    private final Map<String, Counter> counts = new HashMap<>();
    private boolean overflow;

    TallyBuilder(boolean ordered) {
        this.ordered = ordered;
    }

    TallyBuilder(boolean ordered, Tally from) {
        this(ordered);
        for (Tally.Item i : from.items()) {
            counts.put(i.value(), new Counter(i.count(), i.first()));
        }
        overflow = from.overflow();
    }

    /** Counts one occurrence of {@code value} at {@code at}; null values are not counted. */
    void add(String value, EntryKey at) {
        if (value == null) {
            return;
        }
        Counter c = counts.get(value);
        if (c != null) {
            c.count++;
            if (ordered && at.isBefore(c.first)) {
                c.first = at;
            }
        } else if (counts.size() < Tally.MAX_VALUES) {
            counts.put(value, new Counter(1, ordered ? at : null));
        } else {
            overflow = true;
        }
    }

    /**
     * Takes one occurrence of {@code value} away. Evidence is only ever taken away from its end (an episode cut
     * short), so the first occurrence of a value that stays is never among the removed ones.
     */
    void remove(String value) {
        if (value == null) {
            return;
        }
        Counter c = counts.get(value);
        if (c != null && --c.count <= 0) {
            counts.remove(value);
        }
    }

    boolean overflowed() {
        return overflow;
    }

    Tally build() {
        if (counts.isEmpty() && !overflow) {
            return Tally.EMPTY;
        }
        List<Tally.Item> items = new ArrayList<>(counts.size());
        counts.forEach((v, c) -> items.add(new Tally.Item(v, c.count, c.first)));
        items.sort((a, b) -> a.value().compareTo(b.value()));
        return new Tally(items, overflow);
    }
}
