package org.frontierwatch.alertmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;

/**
 * What the bridge knows Alertmanager should show, built from the alert messages of the partitions this instance
 * reads: for each alert key its current label set (firing until cancelled, closed by an AllClear or expired), plus
 * the label sets that ended recently (an Update that changed a label, a Cancel, an AllClear, an expiry), kept just
 * long enough to be sent as resolved. Memory is bounded by the alerts active now, never by the history.
 *
 * <p>Alertmanager forgets a firing alert we stop sending after its {@code endsAt}, at most
 * {@link AlertmanagerSettings#firingHorizon()} after our last post; so a resolution only needs re-sending for that
 * long: after it, Alertmanager has ended the old label set by itself even if every post of it was lost.
 *
 * <p>Thread-safe: the topic reader applies messages while the senders take batches.
 */
public final class BridgeView {

    private final Duration firingHorizon;
    private final Duration resolvedRetention;
    /** Every label set we may still have to send, by (alert key, labels). */
    private final Map<EntryId, Entry> entries = new HashMap<>();
    /** Per alert key, the label set its latest message has. */
    private final Map<String, EntryId> current = new HashMap<>();
    private long version;
    private long wakeUps;

    public BridgeView(AlertmanagerSettings settings) {
        this.firingHorizon = settings.firingHorizon();
        this.resolvedRetention = settings.resolvedRetention();
    }

    /** Takes one message of the alerts topic, read from {@code partition}, in the partition's order. */
    public synchronized void apply(int partition, Alert message) {
        EntryId previousId = current.get(message.key());
        Entry previous = previousId == null ? null : entries.get(previousId);
        // A Cancel and the closing AllClear Update (both with response AllClear) resolve the label set that fired,
        // not a new one of their own.
        boolean closes = message.msgType() == MsgType.Cancel || message.isAllClear();
        EntryId id = closes && previous != null ? previousId : new EntryId(message.key(), AlertLabels.labels(message));
        Instant sent = message.sent() != null ? message.sent() : Instant.EPOCH;
        version++;
        boolean continues = previous != null && previous.endedAt == null && previousId.equals(id);
        if (previous != null && previous.endedAt == null && !continues) {
            // A label changed (e.g. Prepare -> Evacuate): the old label set ends, the new one fires.
            previous.end(sent, version);
        }
        Entry entry = new Entry(id, partition, AlertLabels.annotations(message),
                continues || closes && previous != null ? previous.startsAt : sent, message.expires(), version);
        if (closes) {
            entry.end(sent, version);
        }
        entries.put(id, entry);
        current.put(message.key(), id);
        notifyAll();
    }

    /**
     * Waits until the view changed after {@code seenVersion}, at most {@code timeout}; true when it did (false on
     * timeout or {@link #wakeAll()}).
     */
    public synchronized boolean awaitChange(long seenVersion, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long wakeUps = this.wakeUps;
        while (version <= seenVersion && wakeUps == this.wakeUps) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return version > seenVersion;
    }

    /** Wakes every {@link #awaitChange} (on close). */
    public synchronized void wakeAll() {
        wakeUps++;
        notifyAll();
    }

    /** Forgets the alerts of a partition this instance no longer reads; its new owner sends them from now on. */
    public synchronized void dropPartition(int partition) {
        entries.values().removeIf(e -> e.partition == partition);
        current.values().removeIf(id -> !entries.containsKey(id));
    }

    /** Alerts firing now (not cancelled or closed by an AllClear, not expired, not superseded by another label set). */
    public synchronized int firing(Instant now) {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.endedAt == null && (e.expires == null || e.expires.isAfter(now))) {
                n++;
            }
        }
        return n;
    }

    public synchronized long version() {
        return version;
    }

    /**
     * The alerts to post: all of them ({@code sinceVersion} &lt; 0, the periodic resend) or those changed after
     * {@code sinceVersion}. Firing ones end at now + the horizon (or their expiry, if sooner); ended ones at the
     * time they ended. Label sets that ended longer ago than the retention are dropped here.
     */
    public synchronized Batch batch(long sinceVersion, Instant now) {
        List<AlertmanagerAlert> out = new ArrayList<>();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            Instant ended = e.endedAt != null ? e.endedAt
                    : e.expires != null && !e.expires.isAfter(now) ? e.expires : null;
            if (ended != null && ended.plus(resolvedRetention).isBefore(now)) {
                current.remove(e.id.key, e.id);
                it.remove();
                continue;
            }
            if (sinceVersion >= 0 && e.version <= sinceVersion) {
                continue;
            }
            Instant endsAt = ended != null ? ended : min(now.plus(firingHorizon), e.expires);
            Instant startsAt = e.startsAt.isAfter(endsAt) ? endsAt : e.startsAt;
            out.add(new AlertmanagerAlert(e.id.labels, e.annotations, startsAt, endsAt));
        }
        return new Batch(out, version);
    }

    private static Instant min(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    /** What to post and the view version it reflects. */
    public record Batch(List<AlertmanagerAlert> alerts, long version) {
    }

    private record EntryId(String key, Map<String, String> labels) {
        EntryId {
            Objects.requireNonNull(key);
            labels = Map.copyOf(labels);
        }
    }

    private static final class Entry {
        final EntryId id;
        final int partition;
        final Map<String, String> annotations;
        final Instant startsAt;
        final Instant expires;
        long version;
        Instant endedAt;

        Entry(EntryId id, int partition, Map<String, String> annotations, Instant startsAt, Instant expires,
              long version) {
            this.id = id;
            this.partition = partition;
            this.annotations = annotations;
            this.startsAt = startsAt;
            this.expires = expires;
            this.version = version;
        }

        void end(Instant at, long atVersion) {
            endedAt = at;
            version = atVersion;
        }
    }
}
