package org.frontierwatch.model;


/**
 * What the intake remembers per incident id: the version in force (null once retracted), the highest revision
 * seen (so re-sent or older revisions are recognised as duplicates) and whether it was retracted.
 */
public record IncidentState(Incident latest, int revision, boolean retracted, long occurredAtMs) {
}
