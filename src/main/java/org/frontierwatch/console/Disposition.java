package org.frontierwatch.console;

/**
 * What the duty officer decided about an advisory when acknowledging it; the scale duty-of-care consoles use for an
 * alert's relevance to the organisation's people and assets (no, some or significant impact; a duplicate of another
 * alert; not relevant to us).
 */
public enum Disposition { NoImpact, SomeImpact, SignificantImpact, Duplicate, NotRelevant }
