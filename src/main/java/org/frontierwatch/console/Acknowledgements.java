package org.frontierwatch.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;

/**
 * The latest acknowledgement of each alert key, as read from the compacted acknowledgements topic by every instance
 * (so that every instance answers for all of them). Bounded: an acknowledgement older than {@link #RETENTION} is
 * dropped (no alert lives that long: the longest default lifetime is days), as the topic's compaction drops what a
 * tombstone deletes. {@link #ready()} stays false until the topic has been read up to where it ended at start-up.
 */
public final class Acknowledgements {

    /** How long an acknowledgement is kept in memory after it was made. */
    public static final Duration RETENTION = Duration.ofDays(30);

    private final Map<String, Acknowledgement> byKey = new ConcurrentHashMap<>();
    private volatile boolean ready;

    /** Applies one record of the topic: an acknowledgement, or a tombstone ({@code ack} null) for {@code key}. */
    public void apply(String key, Acknowledgement ack) {
        if (ack == null) {
            byKey.remove(key);
        } else {
            byKey.merge(key, ack, (old, now) -> now.at().isBefore(old.at()) ? old : now);
        }
    }

    /** Drops what is older than {@link #RETENTION} at {@code now}. */
    public void prune(Instant now) {
        Instant oldest = now.minus(RETENTION);
        byKey.values().removeIf(a -> a.at().isBefore(oldest));
    }

    public Optional<Acknowledgement> of(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /**
     * Adds the key's acknowledgement, if any, to the JSON of its latest message {@code latest}, as
     * {@code acknowledgement} with {@code current}: false once a later message raised the level
     * ({@link Acknowledgement#coversLevel}), so that the officer looks again.
     */
    public void annotate(Alert latest, ObjectNode json) {
        Acknowledgement ack = byKey.get(latest.key());
        if (ack != null) {
            ObjectNode node = Json.mapper().valueToTree(ack);
            node.put("current", ack.coversLevel(latest.content().response(), latest.content().severity()));
            json.set("acknowledgement", node);
        }
    }

    /** Every acknowledgement held, newest first. */
    public List<Acknowledgement> all() {
        return byKey.values().stream().sorted(Comparator.comparing(Acknowledgement::at).reversed()
                .thenComparing(Acknowledgement::key)).toList();
    }

    public int size() {
        return byKey.size();
    }

    /** True once the topic was read up to its end offsets of start-up: answers before that could miss some. */
    public boolean ready() {
        return ready;
    }

    public void markReady() {
        ready = true;
    }
}
