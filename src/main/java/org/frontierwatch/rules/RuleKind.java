package org.frontierwatch.rules;

/** Immediate rules judge each incident on its own; windowed rules judge incidents grouped over an event-time window. */
public enum RuleKind { IMMEDIATE, WINDOWED }
