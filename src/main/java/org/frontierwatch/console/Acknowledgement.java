package org.frontierwatch.console;

import java.time.Instant;
import java.util.Objects;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;

/**
 * One operator's acknowledgement of an alert key, as written to the compacted acknowledgements topic (key = alert
 * key, JSON value): which message they saw ({@code alertId}, and its {@code response} and {@code severity}, the level
 * they acknowledged), their {@link Disposition}, a note, who and when. A later message of a higher level voids it
 * ({@link #coversLevel}): the officer must look again.
 */
public record Acknowledgement(String key, String alertId, ResponseType response, Severity severity,
                              Disposition disposition, String note, String by, Instant at) {

    /** Longest note, in characters. */
    public static final int MAX_NOTE = 1000;
    /** Longest operator name, in characters. */
    public static final int MAX_BY = 100;

    public Acknowledgement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        note = note == null ? "" : note;
    }

    /**
     * True while the alert's latest message is at no higher a level than the one acknowledged: neither a more urgent
     * response ({@link ResponseLevels}) nor a higher severity.
     */
    public boolean coversLevel(ResponseType latestResponse, Severity latestSeverity) {
        boolean moreUrgent = ResponseLevels.rank(latestResponse) > ResponseLevels.rank(response);
        boolean moreSevere = latestSeverity != null && severity != null
                && latestSeverity.ordinal() < severity.ordinal();
        return !moreUrgent && !moreSevere;
    }
}
