package org.frontierwatch.rules;

import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;

/**
 * One rung of a rule's severity ladder: reached when the rule's metric is at least {@code min} and the episode's
 * best-sourced incident has at least {@code minSources} independent sources (a first-hand report always has enough;
 * 0: no condition). {@code certainty} null means the alert's CAP certainty follows the sources
 * ({@link Corroboration}); {@code radiusKm}, for {@link Scope#RADIUS} rules, overrides the rule's radius at this level.
 */
public record Level(double min, Severity severity, Urgency urgency, Certainty certainty, ResponseType response,
                    String headline, String instruction, Double radiusKm, int minSources) {

    /** A level with neither a radius of its own nor a sources condition. */
    public Level(double min, Severity severity, Urgency urgency, Certainty certainty, ResponseType response,
                 String headline, String instruction) {
        this(min, severity, urgency, certainty, response, headline, instruction, null, 0);
    }
}
