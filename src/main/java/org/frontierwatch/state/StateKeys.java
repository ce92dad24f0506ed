package org.frontierwatch.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout of the rule-group state store, one byte string per value, ordered so that range reads do the
 * work: a type byte, then for per-group values the group name (length-prefixed, so no group is a prefix of
 * another), then the type's own part. Entries and episodes end in their {@link EntryKey} (time as an order-keeping
 * 8-byte number, then the id's UTF-8), so a group's incidents range-scan in event-time order.
 *
 * <pre>
 * S group                 summary          I group time id   incident entry    E group time id   episode
 * A alert-key             last message     D group value     window value count
 * X bucket group          expiry index     M name            task-level meta (watermark, open alerts)
 * T due group             timer index (the event time a group's held Update or closing AllClear falls due)
 * </pre>
 */
public final class StateKeys {

    public static final byte SUMMARY = 'S';
    public static final byte ENTRY = 'I';
    public static final byte EPISODE = 'E';
    public static final byte ALERT = 'A';
    public static final byte WINDOW_VALUE = 'D';
    public static final byte EXPIRY = 'X';
    public static final byte META = 'M';
    public static final byte TIMER = 'T';

    /** Sorts after every key that starts with the same type and group (no UTF-8 byte is 0xFF). */
    private static final byte[] AFTER_ALL = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    private StateKeys() {
    }

    /** Type byte and group: the prefix every per-group key of that type starts with. */
    public static byte[] groupPrefix(byte type, String group) {
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        if (g.length > 0xFFFF) {
            throw new IllegalArgumentException("rule group name longer than 65535 bytes: " + g.length);
        }
        byte[] out = new byte[3 + g.length];
        out[0] = type;
        out[1] = (byte) (g.length >>> 8);
        out[2] = (byte) g.length;
        System.arraycopy(g, 0, out, 3, g.length);
        return out;
    }

    /** Greater than every key starting with {@code prefix} (for per-group prefixes of entries and episodes). */
    public static byte[] afterPrefix(byte[] prefix) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + AFTER_ALL.length);
        System.arraycopy(AFTER_ALL, 0, out, prefix.length, AFTER_ALL.length);
        return out;
    }

    public static byte[] summary(String group) {
        return groupPrefix(SUMMARY, group);
    }

    public static byte[] entry(String group, EntryKey key) {
        return timed(groupPrefix(ENTRY, group), key);
    }

    public static byte[] episode(String group, EntryKey start) {
        return timed(groupPrefix(EPISODE, group), start);
    }

    public static byte[] timed(byte[] prefix, EntryKey key) {
        byte[] id = key.id().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(prefix, prefix.length + 8 + id.length);
        putOrderedLong(out, prefix.length, key.time());
        System.arraycopy(id, 0, out, prefix.length + 8, id.length);
        return out;
    }

    /** The {@link EntryKey} at the end of an entry or episode key whose prefix is {@code prefixLength} long. */
    public static EntryKey entryKeyOf(byte[] key, int prefixLength) {
        String id = new String(key, prefixLength + 8, key.length - prefixLength - 8, StandardCharsets.UTF_8);
        return new EntryKey(orderedLong(key, prefixLength), id);
    }

    public static byte[] alert(String alertKey) {
        byte[] k = alertKey.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + k.length];
        out[0] = ALERT;
        System.arraycopy(k, 0, out, 1, k.length);
        return out;
    }

    public static byte[] windowValue(String group, String value) {
        byte[] prefix = groupPrefix(WINDOW_VALUE, group);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(prefix, prefix.length + v.length);
        System.arraycopy(v, 0, out, prefix.length, v.length);
        return out;
    }

    public static String windowValueOf(byte[] key, int prefixLength) {
        return new String(key, prefixLength, key.length - prefixLength, StandardCharsets.UTF_8);
    }

    public static byte[] expiry(long bucket, String group) {
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[9 + g.length];
        out[0] = EXPIRY;
        putOrderedLong(out, 1, bucket);
        System.arraycopy(g, 0, out, 9, g.length);
        return out;
    }

    /** The first expiry key of {@code bucket} (every group of it sorts at or after). */
    public static byte[] expiryBucketStart(long bucket) {
        return Arrays.copyOf(expiry(bucket, ""), 9);
    }

    public static long expiryBucketOf(byte[] key) {
        return orderedLong(key, 1);
    }

    /** A group's entry in the timer index: the event time (nanoseconds) its next timer falls due, then the group. */
    public static byte[] timer(long due, String group) {
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[9 + g.length];
        out[0] = TIMER;
        putOrderedLong(out, 1, due);
        System.arraycopy(g, 0, out, 9, g.length);
        return out;
    }

    /** The first timer key due at {@code due} (every group due then sorts at or after it). */
    public static byte[] timerStart(long due) {
        return Arrays.copyOf(timer(due, ""), 9);
    }

    /** Sorts after every timer key. */
    public static byte[] timersEnd() {
        return new byte[] {TIMER + 1};
    }

    public static long timerDueOf(byte[] key) {
        return orderedLong(key, 1);
    }

    public static String timerGroupOf(byte[] key) {
        return new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
    }

    /** Big-endian with the sign bit flipped, so that the bytes sort as the signed numbers do. */
    private static void putOrderedLong(byte[] out, int at, long value) {
        long x = value ^ Long.MIN_VALUE;
        for (int i = 0; i < 8; i++) {
            out[at + i] = (byte) (x >>> (56 - 8 * i));
        }
    }

    private static long orderedLong(byte[] in, int at) {
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = (x << 8) | (in[at + i] & 0xFF);
        }
        return x ^ Long.MIN_VALUE;
    }

    public static String expiryGroupOf(byte[] key) {
        return new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
    }

    public static byte[] meta(String name) {
        byte[] k = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + k.length];
        out[0] = META;
        System.arraycopy(k, 0, out, 1, k.length);
        return out;
    }
}
