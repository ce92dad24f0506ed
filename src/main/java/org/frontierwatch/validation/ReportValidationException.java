package org.frontierwatch.validation;

/** A report that cannot be accepted, with the reason code for the dead-letter topic and a human-readable detail. */
public final class ReportValidationException extends Exception {

    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public ReportValidationException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
