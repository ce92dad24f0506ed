package org.frontierwatch.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A growable byte buffer with the few encodings the state layout uses: varints, fixed longs, UTF-8 strings. */
final class BinaryWriter {

    private byte[] buf;
    private int len;

    BinaryWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void writeByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    /** Unsigned LEB128. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    /** Zig-zag, so small negative numbers stay short. */
    void writeSignedVarLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeVarInt(int v) {
        writeVarLong(v & 0xFFFFFFFFL);
    }

    /** Big-endian, with the sign bit flipped: the bytes sort as the signed values do. */
    void writeOrderedLong(long v) {
        ensure(8);
        long x = v ^ Long.MIN_VALUE;
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (x >>> shift);
        }
    }

    void writeDouble(double d) {
        long bits = Double.doubleToLongBits(d);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (bits >>> shift);
        }
    }

    /** Length + 1 (0 for null), then UTF-8. */
    void writeString(String s) {
        if (s == null) {
            writeVarInt(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length + 1);
        writeBytes(b);
    }

    /** UTF-8 without a length: only as the last field of a key. */
    void writeRawString(String s) {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    void writeStrings(List<String> list) {
        writeVarInt(list.size());
        for (String s : list) {
            writeString(s);
        }
    }

    void writeEntryKey(EntryKey k) {
        if (k == null) {
            writeBoolean(false);
            return;
        }
        writeBoolean(true);
        writeSignedVarLong(k.time());
        writeString(k.id());
    }

    /** Presence flag, then seconds (zig-zag varint) and nanoseconds. */
    void writeInstant(Instant t) {
        if (t == null) {
            writeBoolean(false);
            return;
        }
        writeBoolean(true);
        writeSignedVarLong(t.getEpochSecond());
        writeVarInt(t.getNano());
    }

    void writeNullableDouble(Double d) {
        writeBoolean(d != null);
        if (d != null) {
            writeDouble(d);
        }
    }

    void writeNullableInt(Integer i) {
        writeBoolean(i != null);
        if (i != null) {
            writeSignedVarLong(i);
        }
    }

    /** Size, then key and value of each entry, in the map's order. */
    void writeStringMap(Map<String, String> m) {
        writeVarInt(m.size());
        m.forEach((k, v) -> {
            writeString(k);
            writeString(v);
        });
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
