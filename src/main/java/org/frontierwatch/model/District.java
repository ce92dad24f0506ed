package org.frontierwatch.model;

import java.util.List;

/** A gazetteer entry from the {@code districts} reference topic: a second-level district, its spellings and borders. */
public record District(
        String districtId,
        String country,
        String admin1,
        String name,
        List<String> aliases,
        List<String> borders) {

    public District {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        borders = borders == null ? List.of() : List.copyOf(borders);
    }

    public boolean borders(String countryCode) {
        return borders.contains(countryCode);
    }
}
