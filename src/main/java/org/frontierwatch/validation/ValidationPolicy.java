package org.frontierwatch.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Limits applied to report timestamps: how far in the future {@code occurred_at} may be (clock skew between the
 * reporter and us) and the earliest {@code occurred_at} that is not absurd.
 */
public record ValidationPolicy(Duration clockSkew, Instant earliestOccurredAt) {

    public static final ValidationPolicy DEFAULT =
            new ValidationPolicy(Duration.ofMinutes(10), Instant.parse("1990-01-01T00:00:00Z"));
}
