package org.frontierwatch.state;

import java.time.Instant;

/**
 * Where an incident sits in its rule group's time order: its {@code occurred_at} in nanoseconds since the epoch, then
 * its id (in code point order, which is the byte order of its UTF-8 form, so the store's byte-ordered keys sort the
 * same way). Windows, episodes and evidence ranges are all bounded by keys.
 */
public record EntryKey(long time, String id) implements Comparable<EntryKey> {

    public EntryKey {
        if (id == null) {
            throw new IllegalArgumentException("id must not be null");
        }
    }

    /** The lowest key at {@code time}: every incident at or after {@code time} sorts at or after it. */
    public static EntryKey atTime(long time) {
        return new EntryKey(time, "");
    }

    public static EntryKey of(Instant occurredAt, String id) {
        return new EntryKey(nanos(occurredAt), id);
    }

    /**
     * Nanoseconds since the epoch. Exact for 1678-2261 (a long's range): the configuration rejects an
     * {@code earliest-occurred-at} before 1678, and reports from the future are rejected before they get here.
     */
    public static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    public Instant instant() {
        return instant(time);
    }

    @Override
    public int compareTo(EntryKey o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : compareCodePoints(id, o.id);
    }

    /** The smallest key after this one. */
    public EntryKey successor() {
        return new EntryKey(time, id + "\u0000");
    }

    public static EntryKey min(EntryKey a, EntryKey b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    public static EntryKey max(EntryKey a, EntryKey b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    public boolean isBefore(EntryKey o) {
        return compareTo(o) < 0;
    }

    public boolean isAfter(EntryKey o) {
        return compareTo(o) > 0;
    }

    /** Code point order: equal to UTF-8 byte order, unlike String.compareTo for characters beyond U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    @Override
    public String toString() {
        return instant() + "/" + id;
    }
}
