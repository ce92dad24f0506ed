package org.frontierwatch.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what {@link BinaryWriter} wrote; a truncated or corrupt value fails with IllegalStateException. */
final class BinaryReader {

    private final byte[] buf;
    private int pos;
    private final int end;

    BinaryReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    BinaryReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    private void need(int n) {
        if (pos + n > end) {
            throw new IllegalStateException("state value truncated at byte " + pos + " (needs " + n + " more of "
                    + end + ")");
        }
    }

    int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes at byte " + pos);
    }

    long readSignedVarLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    int readVarInt() {
        long v = readVarLong();
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalStateException("varint out of int range at byte " + pos);
        }
        return (int) v;
    }

    long readOrderedLong() {
        need(8);
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = (x << 8) | (buf[pos++] & 0xFF);
        }
        return x ^ Long.MIN_VALUE;
    }

    double readDouble() {
        need(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[pos++] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    String readString() {
        int n = readVarInt();
        if (n == 0) {
            return null;
        }
        int length = n - 1;
        need(length);
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** The rest of the buffer as UTF-8 (the last field of a key). */
    String readRawString() {
        String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        pos = end;
        return s;
    }

    List<String> readStrings() {
        int n = readVarInt();
        if (n > end - pos) {
            throw new IllegalStateException("list of " + n + " strings cannot fit in " + (end - pos) + " bytes");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString());
        }
        return out;
    }

    EntryKey readEntryKey() {
        if (!readBoolean()) {
            return null;
        }
        long time = readSignedVarLong();
        return new EntryKey(time, readString());
    }

    Instant readInstant() {
        if (!readBoolean()) {
            return null;
        }
        long seconds = readSignedVarLong();
        return Instant.ofEpochSecond(seconds, readVarInt());
    }

    Double readNullableDouble() {
        return readBoolean() ? readDouble() : null;
    }

    Integer readNullableInt() {
        return readBoolean() ? Math.toIntExact(readSignedVarLong()) : null;
    }

    /** What {@link BinaryWriter#writeStringMap} wrote, in its order. */
    Map<String, String> readStringMap() {
        int n = readVarInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readString(), readString());
        }
        return m;
    }

    boolean atEnd() {
        return pos >= end;
    }
}
