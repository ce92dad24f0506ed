package org.frontierwatch.model;

import java.time.Instant;
import java.util.List;

/**
 * What the processor remembers of one open alert: its key, how many messages it has sent, the incidents it rests
 * on, the newest evidence time (for expiry) and the last message sent (to detect changes and to cancel). A
 * cancelled alert is kept until it expires so that its key is never reused for a second {@code Alert}.
 */
public record AlertState(String key, int sequence, List<String> evidenceIds, Instant lastEvidenceAt, Alert last,
                         boolean cancelled) {

    public AlertState {
        evidenceIds = List.copyOf(evidenceIds);
    }
}
