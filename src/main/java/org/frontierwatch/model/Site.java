package org.frontierwatch.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A foreign-worker site from the {@code sites} reference topic: who works there, for whom, and where. */
public record Site(
        String siteId,
        String name,
        String operator,
        String operatorCountry,
        String sector,
        String country,
        String admin1,
        String admin2,
        Double latitude,
        Double longitude,
        Map<String, Integer> workers) {

    public Site {
        workers = workers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(workers));
    }

    public boolean employs(String nationality) {
        Integer n = workers.get(nationality);
        return n != null && n > 0;
    }
}
