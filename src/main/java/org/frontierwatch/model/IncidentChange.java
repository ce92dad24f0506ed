package org.frontierwatch.model;

/**
 * What one accepted input did to an incident: {@code before} is the version it replaced (null for a new incident),
 * {@code after} the version now in force (null when the incident was retracted).
 */
public record IncidentChange(String incidentId, Incident before, Incident after) {

    public Incident current() {
        return after != null ? after : before;
    }
}
