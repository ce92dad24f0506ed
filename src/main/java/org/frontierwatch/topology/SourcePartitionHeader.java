package org.frontierwatch.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The header a group change carries over the repartition topic naming the intake partition it came from, so that
 * the rule task can align its watermark over them ({@link AlignedWatermark}). Consumes and produces record headers.
 */
final class SourcePartitionHeader {

    static final String NAME = "frontier-watch.intake-partition";
    /** The source of a change without the header (written before it existed): one partition of its own. */
    static final int UNKNOWN = -1;

    private SourcePartitionHeader() {
    }

    static Headers of(int partition) {
        return new RecordHeaders().add(NAME, ByteBuffer.allocate(4).putInt(partition).array());
    }

    static int read(Headers headers) {
        Header h = headers.lastHeader(NAME);
        return h == null || h.value() == null || h.value().length != 4 ? UNKNOWN : ByteBuffer.wrap(h.value()).getInt();
    }
}
