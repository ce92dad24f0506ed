package org.frontierwatch.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How often each distinct value of one dimension (district, nationality, site, ...) occurs in an episode's evidence,
 * and where it first occurs: enough to list the values, in first-seen order where text needs it, and to take
 * incidents away again. At most {@link #MAX_VALUES} values are kept; {@code overflow} says later ones were not.
 */
public record Tally(List<Item> items, boolean overflow) {

    /** Most distinct values a tally keeps: far above the districts, sites or nationalities one episode names. */
    public static final int MAX_VALUES = 128;

    public static final Tally EMPTY = new Tally(List.of(), false);

    /** One distinct value, its number of occurrences and, for ordered tallies, the key of its first occurrence. */
    public record Item(String value, int count, EntryKey first) {
    }

    public Tally {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** The values in natural order. */
    public Set<String> values() {
        Set<String> out = new TreeSet<>();
        items.forEach(i -> out.add(i.value()));
        return out;
    }

    /** The values in the order they first occur in the evidence (ordered tallies). */
    public List<String> inFirstSeenOrder() {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::first, Comparator.nullsLast(Comparator.naturalOrder())));
        List<String> out = new ArrayList<>(sorted.size());
        sorted.forEach(i -> out.add(i.value()));
        return out;
    }
}
