package org.frontierwatch.model;

/** CAP 1.2 {@code urgency} values. */
public enum Urgency { Immediate, Expected, Future, Past, Unknown }
