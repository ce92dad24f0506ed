package org.frontierwatch.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;

/**
 * Statistics of the alert messages one run left on an alerts topic: consumes each record's key and JSON value,
 * produces how many messages there were (in all and per report), how they spread over record keys (distinct keys,
 * max and p99 messages per key) and how many there were of each type: {@code Alert}, {@code Update} (without the
 * all-clears), {@code AllClear} (an Update whose {@code response} is {@code AllClear}), {@code Cancel}, and
 * {@code other} (a tombstone, a value that is not an alert, or an unknown {@code msg_type}).
 */
final class AlertStats {

    /** The message types counted, in the order they are reported. */
    static final List<String> TYPES = List.of("Alert", "Update", "AllClear", "Cancel", "other");
    /** The names of {@link #metrics(long)}, in order: every metric a run reports. */
    static final List<String> NAMES = List.of("messages", "messages_per_report", "distinct_keys", "max_per_key",
            "p99_per_key", "alert", "update", "all_clear", "cancel", "other", "null_keys");

    private final Map<String, Integer> perKey = new HashMap<>();
    private final Map<String, Long> perType = new LinkedHashMap<>();
    private long messages;
    private long nullKeys;

    AlertStats() {
        TYPES.forEach(t -> perType.put(t, 0L));
    }

    /** Counts one record of the alerts topic: its key as the record has it, its value the alert's JSON. */
    void add(String key, byte[] value) {
        String[] typeAndResponse = value == null ? new String[2] : typeAndResponse(value);
        add(key, typeAndResponse[0], typeAndResponse[1]);
    }

    /** Counts one message of {@code msgType} (null when unreadable) with {@code response} under {@code key}. */
    void add(String key, String msgType, String response) {
        messages++;
        if (key == null) {
            nullKeys++;
        } else {
            perKey.merge(key, 1, Integer::sum);
        }
        perType.merge(type(msgType, response), 1L, Long::sum);
    }

    /** The type a message is counted under: an Update with response AllClear is an "AllClear", not an Update. */
    static String type(String msgType, String response) {
        if (msgType == null || "AllClear".equals(msgType)) {
            return "other";
        }
        String counted = Alert.countedAs(msgType, response);
        return TYPES.contains(counted) ? counted : "other";
    }

    long messages() {
        return messages;
    }

    long count(String type) {
        return perType.getOrDefault(type, 0L);
    }

    int distinctKeys() {
        return perKey.size();
    }

    int maxPerKey() {
        return perKey.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The {@code p}-th percentile (nearest rank) of the messages per key; 0 when there are none. */
    int perKeyPercentile(double p) {
        List<Integer> counts = new ArrayList<>(perKey.values());
        Collections.sort(counts);
        return percentile(counts, p);
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least p% of them at or below it. */
    static int percentile(List<Integer> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** Every metric of {@link #NAMES}, by name, with {@code reports} the reports of the run's input. */
    Map<String, Double> metrics(long reports) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("messages", (double) messages);
        m.put("messages_per_report", reports > 0 ? messages / (double) reports : Double.NaN);
        m.put("distinct_keys", (double) distinctKeys());
        m.put("max_per_key", (double) maxPerKey());
        m.put("p99_per_key", (double) perKeyPercentile(99));
        m.put("alert", (double) count("Alert"));
        m.put("update", (double) count("Update"));
        m.put("all_clear", (double) count("AllClear"));
        m.put("cancel", (double) count("Cancel"));
        m.put("other", (double) count("other"));
        m.put("null_keys", (double) nullKeys);
        return m;
    }

    /**
     * The top-level {@code msg_type} and {@code response} of an alert's JSON (the content's fields sit beside the
     * envelope's), skipping everything else unread; {nulls} when the value is not a JSON object.
     */
    static String[] typeAndResponse(byte[] value) {
        String[] out = new String[2];
        try (JsonParser p = Json.mapper().getFactory().createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("msg_type") && t == JsonToken.VALUE_STRING) {
                    out[0] = p.getText();
                } else if (field.equals("response") && t == JsonToken.VALUE_STRING) {
                    out[1] = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return out;
        } catch (IOException e) {
            return new String[2];
        }
    }
}
