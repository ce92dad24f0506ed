package org.frontierwatch.model;

/** A nationality from the {@code nationalities} reference topic, keyed by its ISO 3166-1 alpha-2 code. */
public record Nationality(String code, String name, String demonym, String embassyContact) {
}
