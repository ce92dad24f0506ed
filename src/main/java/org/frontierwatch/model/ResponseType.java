package org.frontierwatch.model;

/** CAP 1.2 {@code responseType} values. */
public enum ResponseType { Shelter, Evacuate, Prepare, Execute, Avoid, Monitor, Assess, AllClear, None }
