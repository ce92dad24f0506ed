package org.frontierwatch.testing.legacy;

import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.Alert;

/**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
 * What the processor remembers of one open alert: its key, how many messages it has sent, the incidents it rests
 * on, the newest evidence time (for expiry) and the last message sent (to detect changes and to cancel). A
 * cancelled alert is kept until it expires so that its key is never reused for a second {@code Alert}.
 */
public record LegacyAlertState(String key, int sequence, List<String> evidenceIds, Instant lastEvidenceAt, Alert last,
                         boolean cancelled) {

    public LegacyAlertState {
        evidenceIds = List.copyOf(evidenceIds);
    }
}
