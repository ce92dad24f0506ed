package org.frontierwatch.model;

import java.util.List;

/**
 * A gazetteer entry from the {@code districts} reference topic: a second-level district, its spellings, the countries
 * it borders and the ids of its {@code neighbours}: adjacent districts, across a border too, whose incidents count in
 * this district's neighbour windows ({@code group_by: district_with_neighbours}).
 */
public record District(
        String districtId,
        String country,
        String admin1,
        String name,
        List<String> aliases,
        List<String> borders,
        List<String> neighbours) {

    public District {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        borders = borders == null ? List.of() : List.copyOf(borders);
        neighbours = neighbours == null ? List.of() : List.copyOf(neighbours);
    }

    /** A district without neighbours listed. */
    public District(String districtId, String country, String admin1, String name, List<String> aliases,
                    List<String> borders) {
        this(districtId, country, admin1, name, aliases, borders, List.of());
    }

    public boolean borders(String countryCode) {
        return borders.contains(countryCode);
    }
}
