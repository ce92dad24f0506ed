package org.frontierwatch.backtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.ReportRecord;

/**
 * Orders report records for a backtest. Consumes the records in input order; produces them with the event time
 * each stands at ("as of": a report's {@code occurred_at}), in event-time order or in input order.
 *
 * <p>Event-time order is a stable sort by {@code occurred_at}. A tombstone has no event time: it stands right after
 * the latest earlier record of its id (or at the event time of the record before it, when the id is unknown). A
 * record whose {@code occurred_at} cannot be read (it will be dead-lettered, as in production) stands at the event
 * time of the record before it, so it keeps its place.
 */
public final class BacktestInput {

    /** How to order the input. */
    public enum Order { EVENT_TIME, INPUT }

    /** A record and the event time (epoch ms) it stands at; {@code Long.MIN_VALUE} before any readable time. */
    public record Timed(ReportRecord record, long eventTimeMs) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private BacktestInput() {
    }

    public static List<Timed> order(List<ReportRecord> records, Order order) {
        long[] times = new long[records.size()];
        Map<String, Long> lastById = new HashMap<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < records.size(); i++) {
            ReportRecord r = records.get(i);
            long t;
            if (r.isTombstone()) {
                Long known = r.key() == null ? null : lastById.get(r.key());
                t = known != null ? known : previous;
            } else {
                long parsed = occurredAt(r.value());
                t = parsed == Long.MIN_VALUE ? previous : parsed;
                if (r.key() != null) {
                    lastById.put(r.key(), t);
                }
            }
            times[i] = t;
            previous = t;
        }
        Integer[] index = new Integer[records.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        if (order == Order.EVENT_TIME) {
            Arrays.sort(index, (a, b) -> Long.compare(times[a], times[b])); // stable: ties keep input order
        }
        List<Timed> out = new ArrayList<>(records.size());
        for (int i : index) {
            out.add(new Timed(records.get(i), times[i]));
        }
        return out;
    }

    /** The top-level {@code occurred_at} of a report as epoch ms, or {@code Long.MIN_VALUE} when unreadable. */
    static long occurredAt(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("occurred_at".equals(name) && v == JsonToken.VALUE_STRING) {
                    return OffsetDateTime.parse(p.getText()).toInstant().toEpochMilli();
                }
                p.skipChildren();
            }
            return Long.MIN_VALUE;
        } catch (IOException | DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }
}
