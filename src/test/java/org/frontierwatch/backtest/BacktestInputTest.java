package org.frontierwatch.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.ReportRecord;
import org.junit.jupiter.api.Test;

/** The order a backtest replays a history in, and the event time each record stands at. */
class BacktestInputTest {

    private static ReportRecord report(String id, String occurredAt) {
        return new ReportRecord(id, "{\"id\":\"" + id + "\",\"notes\":{\"occurred_at\":\"nested\"},\"occurred_at\":\""
                + occurredAt + "\"}");
    }

    private static List<String> order(List<ReportRecord> records, BacktestInput.Order order) {
        return BacktestInput.order(records, order).stream()
                .map(t -> (t.record().isTombstone() ? "-" : "") + t.record().key() + "@"
                        + (t.eventTimeMs() == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(t.eventTimeMs())
                                .toString()))
                .toList();
    }

    @Test
    void shouldSortByOccurredAtKeepingInputOrderForTies() {
        List<ReportRecord> in = List.of(report("B", "2025-06-02T00:00:00Z"), report("A", "2025-06-01T00:00:00+02:00"),
                report("C", "2025-06-02T00:00:00Z"));
        assertEquals(List.of("A@2025-05-31T22:00:00Z", "B@2025-06-02T00:00:00Z", "C@2025-06-02T00:00:00Z"),
                order(in, BacktestInput.Order.EVENT_TIME));
    }

    @Test
    void shouldPutATombstoneRightAfterTheLatestEarlierRecordOfItsId() {
        List<ReportRecord> in = List.of(report("A", "2025-06-05T00:00:00Z"), report("B", "2025-06-01T00:00:00Z"),
                new ReportRecord("B", null), report("C", "2025-06-03T00:00:00Z"), new ReportRecord("UNKNOWN", null));
        assertEquals(List.of("B@2025-06-01T00:00:00Z", "-B@2025-06-01T00:00:00Z", "C@2025-06-03T00:00:00Z",
                        "-UNKNOWN@2025-06-03T00:00:00Z", "A@2025-06-05T00:00:00Z"),
                order(in, BacktestInput.Order.EVENT_TIME));
    }

    @Test
    void shouldKeepThePlaceOfARecordWithoutAReadableEventTime() {
        List<ReportRecord> in = List.of(report("A", "2025-06-05T00:00:00Z"), new ReportRecord(null, "not json"),
                report("B", "yesterday"), report("C", "2025-06-01T00:00:00Z"));
        assertEquals(List.of("C@2025-06-01T00:00:00Z", "A@2025-06-05T00:00:00Z", "null@2025-06-05T00:00:00Z",
                "B@2025-06-05T00:00:00Z"), order(in, BacktestInput.Order.EVENT_TIME));
    }

    @Test
    void shouldReplayInInputOrderWhenAsked() {
        List<ReportRecord> in = List.of(report("A", "2025-06-05T00:00:00Z"), report("B", "2025-06-01T00:00:00Z"));
        assertEquals(List.of("A@2025-06-05T00:00:00Z", "B@2025-06-01T00:00:00Z"), order(in, BacktestInput.Order.INPUT));
    }

    @Test
    void shouldStandAtNoTimeBeforeTheFirstReadableOne() {
        assertEquals(List.of("null@none"), order(List.of(new ReportRecord(null, "[]")),
                BacktestInput.Order.EVENT_TIME));
    }
}
