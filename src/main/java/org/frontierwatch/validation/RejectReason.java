package org.frontierwatch.validation;

import java.util.Locale;

/**
 * Why a report went to the dead-letter topic. The code is written to the {@code dlq.reason} header and used as
 * the {@code reason} metric label, so the set is closed and small.
 */
public enum RejectReason {
    /** Larger than {@link ReportParser#MAX_REPORT_BYTES}; rejected before it is decoded. */
    TOO_LARGE,
    INVALID_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_VALUE,
    UNKNOWN_EVENT_TYPE,
    UNKNOWN_SUB_EVENT_TYPE,
    NEGATIVE_VALUE,
    COORDINATES_OUT_OF_RANGE,
    FUTURE_TIMESTAMP,
    TOO_OLD,
    MISSING_LOCATION,
    MISSING_KEY,
    KEY_MISMATCH,
    LATE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
