package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule task's watermark over several intake partitions: the slowest active one, never moving back. */
class AlignedWatermarkTest {

    private static final long IDLE = AlignedWatermark.IDLE_AFTER_MS;

    @Test
    void shouldHoldTheWatermarkAtTheSlowestPartition() {
        AlignedWatermark w = new AlignedWatermark(-1, Map.of(), 0, 2);
        w.observe(0, 1_000, 0);
        w.observe(1, 400, 0);
        assertEquals(400, w.value(0));
        w.observe(0, 9_000, 10);
        assertEquals(400, w.value(10), "the faster partition does not pull the watermark along");
        w.observe(1, 700, 20);
        assertEquals(700, w.value(20));
        w.observe(1, 12_000, 30);
        assertEquals(9_000, w.value(30));
    }

    @Test
    void shouldNotLetAnIdlePartitionHoldTheOthersBack() {
        AlignedWatermark w = new AlignedWatermark(-1, Map.of(), 0, 2);
        w.observe(0, 5_000, 0);
        w.observe(1, 100, 0);
        w.observe(0, 6_000, IDLE - 1);
        assertEquals(100, w.value(IDLE - 1), "not idle yet");
        assertEquals(6_000, w.value(IDLE), "partition 1 has not moved for the idle time: partition 0 alone decides");
        assertTrue(w.observe(1, 200, IDLE + 1), "partition 1 moves again");
        w.observe(0, 7_000, IDLE + 1);
        assertEquals(6_000, w.value(IDLE + 1), "it counts again, but the watermark never moves back");
    }

    @Test
    void shouldKeepTheHighestProgressWhenEveryPartitionIsIdle() {
        AlignedWatermark w = new AlignedWatermark(-1, Map.of(), 0, 2);
        w.observe(0, 5_000, 0);
        w.observe(1, 100, 0);
        assertEquals(5_000, w.value(2 * IDLE), "the input has stopped: nothing more is on its way");
    }

    @Test
    void shouldWaitToHearFromEveryPartitionOrAMinuteBeforeMoving() {
        AlignedWatermark w = new AlignedWatermark(-1, Map.of(), 1_000, 3);
        w.observe(0, 5_000, 1_000);
        w.observe(1, 4_000, 1_010);
        assertEquals(-1, w.value(1_010), "partition 2 has not been heard from");
        w.observe(2, 3_000, 1_020);
        assertEquals(3_000, w.value(1_020));

        AlignedWatermark quiet = new AlignedWatermark(-1, Map.of(), 1_000, 3);
        quiet.observe(0, 5_000, 1_000);
        quiet.observe(1, 4_000, 1_000 + IDLE - 10);
        assertEquals(-1, quiet.value(1_000 + IDLE - 1));
        assertEquals(4_000, quiet.value(1_000 + IDLE),
                "a minute after start, a partition never heard from is idle: the others decide");
    }

    @Test
    void shouldStartFromTheRestoredWatermarkAndProgress() {
        AlignedWatermark w = new AlignedWatermark(300, Map.of(0, 900L, 1, 300L), 50, 2);
        assertEquals(300, w.value(50));
        assertFalse(w.observe(1, 250, 60), "an older record does not move a partition back");
        assertEquals(300, w.progress(1));
        w.observe(1, 800, 70);
        assertEquals(800, w.value(70));
        assertEquals(-1, w.progress(7));
    }
}
