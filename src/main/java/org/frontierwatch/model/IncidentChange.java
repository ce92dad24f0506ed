package org.frontierwatch.model;

/**
 * What one accepted input did to an incident: {@code before} is the version it replaced (null for a new incident),
 * {@code after} the version now in force (null when the incident was retracted); {@code receivedAtMs} the wall-clock
 * time the intake accepted it, for the report-to-alert latency metric.
 */
public record IncidentChange(String incidentId, Incident before, Incident after, long receivedAtMs) {

    public Incident current() {
        return after != null ? after : before;
    }
}
