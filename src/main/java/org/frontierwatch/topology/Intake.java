package org.frontierwatch.topology;

import org.frontierwatch.model.IncidentChange;
import org.frontierwatch.validation.RejectReason;

/**
 * What the intake made of one input record: either an accepted change to an incident, or a rejection carrying
 * the original value bytes for the dead-letter topic (headers carry the reason).
 */
record Intake(IncidentChange change, RejectReason reason, byte[] originalValue) {

    static Intake accepted(IncidentChange change) {
        return new Intake(change, null, null);
    }

    static Intake rejected(RejectReason reason, byte[] originalValue) {
        return new Intake(null, reason, originalValue);
    }

    boolean isRejected() {
        return reason != null;
    }
}
