package org.frontierwatch.model;

/** CAP 1.2 {@code severity} values, most severe first. */
public enum Severity { Extreme, Severe, Moderate, Minor, Unknown }
