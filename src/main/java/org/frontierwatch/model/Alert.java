package org.frontierwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert message as published on the {@code alerts} topic (and rendered as CAP 1.2 on {@code alerts-cap}): the
 * message envelope around what the alert says ({@link AlertContent}). {@code key} names the subject (rule, group,
 * episode) and is stable across Alert, Update and Cancel; {@code alertId} is unique per message; {@code references}
 * lists the earlier messages this one updates or cancels. {@code sent} is the wall-clock time it was issued;
 * {@code asOf} the event time it describes the evidence at (the report that caused it, or the event time at which a
 * held Update or a closing AllClear fell due), never decreasing along a key's messages. Two messages say the same
 * thing when their contents are equal, whatever their envelopes. In JSON the content's fields sit beside the
 * envelope's (one flat object).
 */
public record Alert(
        String key,
        String alertId,
        MsgType msgType,
        List<AlertReference> references,
        @JsonUnwrapped AlertContent content,
        Instant sent,
        Instant expires,
        Instant asOf) {

    public Alert {
        references = references == null ? List.of() : List.copyOf(references);
        Objects.requireNonNull(content, "content");
    }

    /** True for the closing message of an alert whose episode ended: an Update with response AllClear. */
    @JsonIgnore
    public boolean isAllClear() {
        return msgType == MsgType.Update && content.response() == ResponseType.AllClear;
    }

    /**
     * The name a message is counted under in summaries (backtest, demo, bench): its {@code msg_type}, but
     * {@code AllClear} for the closing Update of an ended episode.
     */
    public static String countedAs(String msgType, String response) {
        boolean allClear = MsgType.Update.name().equals(msgType) && ResponseType.AllClear.name().equals(response);
        return allClear ? ResponseType.AllClear.name() : msgType;
    }

    /** {@link #countedAs(String, String)} of this message. */
    @JsonIgnore
    public String countedAs() {
        return isAllClear() ? ResponseType.AllClear.name() : msgType.name();
    }

    /** An earlier message of the same subject that this one updates or cancels. */
    public record AlertReference(String alertId, Instant sent) {
    }
}
