package org.frontierwatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live-event fan-out: frames as server-sent events, a bounded number of followers, a slow one dropped. */
class LiveEventsTest {

    @Test
    void shouldFrameEachEventAsAServerSentEvent() throws Exception {
        LiveEvents events = new LiveEvents();
        LiveEvents.Subscriber s = events.subscribe().orElseThrow();
        events.publish("alert", "{\"key\":\"k\"}");
        assertEquals("event: alert\ndata: {\"key\":\"k\"}\n\n", s.next(Duration.ofSeconds(1)));
        assertNull(s.next(Duration.ofMillis(10)), "nothing more");
    }

    @Test
    void shouldRefuseFollowersBeyondTheLimit() {
        LiveEvents events = new LiveEvents();
        List<LiveEvents.Subscriber> all = new ArrayList<>();
        for (int i = 0; i < LiveEvents.MAX_SUBSCRIBERS; i++) {
            all.add(events.subscribe().orElseThrow());
        }
        assertTrue(events.subscribe().isEmpty());
        all.get(0).close();
        assertTrue(events.subscribe().isPresent(), "a place freed by one that left");
    }

    @Test
    void shouldDropAFollowerThatFallsBehindWithoutHoldingThePublisherBack() throws Exception {
        LiveEvents events = new LiveEvents();
        LiveEvents.Subscriber slow = events.subscribe().orElseThrow();
        for (int i = 0; i <= LiveEvents.QUEUE; i++) {
            events.publish("alert", "{}");
        }
        assertTrue(slow.overflowed());
        assertTrue(slow.closed());
        assertEquals(0, events.subscribers());
        LiveEvents.Subscriber next = events.subscribe().orElseThrow();
        events.publish("ack", "{}");
        assertFalse(next.overflowed());
        assertEquals("event: ack\ndata: {}\n\n", next.next(Duration.ofSeconds(1)));
    }
}
