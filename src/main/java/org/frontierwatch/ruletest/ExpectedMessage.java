package org.frontierwatch.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected alert message: the fields to compare (alert JSON names, plus {@code affected_site_ids} for the ids
 * of {@code affected_sites}) and their expected values; fields not given are not compared.
 */
public record ExpectedMessage(Map<String, JsonNode> fields) {

    public ExpectedMessage {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
