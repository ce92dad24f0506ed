package org.frontierwatch.model;

/** CAP 1.2 {@code certainty} values. */
public enum Certainty { Observed, Likely, Possible, Unlikely, Unknown }
