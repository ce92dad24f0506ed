package org.frontierwatch.rules;

import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;

/** One rung of a rule's severity ladder: reached when the rule's metric is at least {@code min}. */
public record Level(double min, Severity severity, Urgency urgency, Certainty certainty, ResponseType response,
                    String headline, String instruction) {
}
