package org.frontierwatch.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The hand-laid binary form of the rule-group state values (chosen over JSON and Smile by the JMH comparison in
 * {@code StateSerdeBenchmark}): a format version byte, then the fields in declaration order as varints, fixed
 * 8-byte doubles and length-prefixed UTF-8. An entry's value leaves out its key, which the store key holds.
 *
 * <p>Format 2 (issue 22, alert cadence) added each episode's fatalities among foreign victims, each alert's status,
 * material fingerprint, event time of its last message and pending due, and each group's timer; values in format 1
 * are still read (the new fields take neutral values: see {@link #decodeSummary}), so state written by the previous
 * version carries on without a reset. Format 3 added the rule version to alert messages. Format 4 added their
 * exposure (the foreign workers at the covered sites), circles and site distances; each incident entry's reach and
 * sources and each episode's tallies of them; a value in an older format reads with neutral ones.
 */
public final class StateCodec {

    /** Written first in every value; a reader meeting a newer version fails loudly instead of misreading. */
    static final int VERSION = 4;
    /** The oldest format still read. */
    static final int OLDEST_READ = 1;

    private StateCodec() {
    }

    // ---------------------------------------------------------------- incident entries

    public static byte[] encodeEntry(IncidentEntry e) {
        BinaryWriter w = new BinaryWriter(64 + e.victims().size() * 4);
        w.writeByte(VERSION);
        w.writeDouble(e.metricNumber());
        w.writeStrings(e.metricValues());
        w.writeVarInt(e.fatalities());
        w.writeString(e.country());
        w.writeString(e.districtId());
        w.writeString(e.districtName());
        w.writeString(e.admin1());
        w.writeString(e.origin());
        w.writeStrings(e.victims());
        w.writeString(e.siteId());
        w.writeDouble(e.windowValue());
        w.writeDouble(e.prefixMax());
        w.writeString(e.reach());
        w.writeVarInt(e.sources());
        w.writeBoolean(e.firstHand());
        return w.toByteArray();
    }

    public static IncidentEntry decodeEntry(EntryKey key, byte[] bytes) {
        BinaryReader r = reader(bytes, "incident entry");
        double number = r.readDouble();
        List<String> values = r.readStrings();
        int fatalities = r.readVarInt();
        String country = r.readString();
        String districtId = r.readString();
        String districtName = r.readString();
        String admin1 = r.readString();
        String origin = r.readString();
        List<String> victims = r.readStrings();
        String siteId = r.readString();
        double windowValue = r.readDouble();
        double prefixMax = r.readDouble();
        // Format 4 added the reach and the sources; an older entry has no reach (an episode without reaches covers
        // its districts) and no source counted (0: it corroborates nothing, as an unsourced report would not).
        boolean v4 = version(bytes) >= 4;
        String reach = v4 ? r.readString() : null;
        int sources = v4 ? r.readVarInt() : 0;
        boolean firstHand = v4 && r.readBoolean();
        return new IncidentEntry(key, number, values, fatalities, country, districtId, districtName, admin1, origin,
                victims, siteId, windowValue, prefixMax, reach, sources, firstHand);
    }

    // ---------------------------------------------------------------- episodes

    public static byte[] encodeEpisode(EpisodeSummary e) {
        BinaryWriter w = new BinaryWriter(256 + e.recent().size() * 24);
        w.writeByte(VERSION);
        w.writeEntryKey(e.start());
        w.writeEntryKey(e.end());
        w.writeVarInt(e.level());
        w.writeDouble(e.maxValue());
        w.writeVarLong(e.count());
        w.writeSignedVarLong(e.fatalities());
        w.writeSignedVarLong(e.foreignFatalities());
        w.writeString(e.firstCountry());
        w.writeString(e.firstDistrictId());
        w.writeString(e.firstDistrictName());
        for (Tally t : List.of(e.districtIds(), e.districtNames(), e.admin1s(), e.origins(), e.victims(),
                e.foreignVictims(), e.sites(), e.countries())) {
            writeTally(w, t);
        }
        // Recent keys: the first in full, the rest as time deltas (they ascend), ids in full.
        w.writeVarInt(e.recent().size());
        long previous = 0;
        for (int i = 0; i < e.recent().size(); i++) {
            EntryKey k = e.recent().get(i);
            w.writeSignedVarLong(i == 0 ? k.time() : k.time() - previous);
            w.writeString(k.id());
            previous = k.time();
        }
        writeTally(w, e.reach());
        writeTally(w, e.corroboration());
        return w.toByteArray();
    }

    public static EpisodeSummary decodeEpisode(byte[] bytes) {
        BinaryReader r = reader(bytes, "episode");
        EntryKey start = r.readEntryKey();
        EntryKey end = r.readEntryKey();
        int level = r.readVarInt();
        double max = r.readDouble();
        long count = r.readVarLong();
        long fatalities = r.readSignedVarLong();
        // Format 1 did not count them: taking all fatalities as foreign keeps an old episode's next change from
        // looking like a first foreign fatality.
        long foreignFatalities = version(bytes) >= 2 ? r.readSignedVarLong() : fatalities;
        String country = r.readString();
        String districtId = r.readString();
        String districtName = r.readString();
        Tally[] t = new Tally[8];
        for (int i = 0; i < t.length; i++) {
            t[i] = readTally(r);
        }
        int n = r.readVarInt();
        List<EntryKey> recent = new ArrayList<>(Math.min(n, EpisodeSummary.RECENT_IDS));
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long time = i == 0 ? r.readSignedVarLong() : previous + r.readSignedVarLong();
            recent.add(new EntryKey(time, r.readString()));
            previous = time;
        }
        boolean v4 = version(bytes) >= 4;
        Tally reach = v4 ? readTally(r) : Tally.EMPTY;
        Tally corroboration = v4 ? readTally(r) : Tally.EMPTY;
        return new EpisodeSummary(start, end, level, max, count, fatalities, foreignFatalities, country, districtId,
                districtName, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], recent, reach, corroboration);
    }

    private static void writeTally(BinaryWriter w, Tally t) {
        w.writeBoolean(t.overflow());
        w.writeVarInt(t.items().size());
        for (Tally.Item i : t.items()) {
            w.writeString(i.value());
            w.writeVarInt(i.count());
            w.writeEntryKey(i.first());
        }
    }

    private static Tally readTally(BinaryReader r) {
        boolean overflow = r.readBoolean();
        int n = r.readVarInt();
        if (n == 0 && !overflow) {
            return Tally.EMPTY;
        }
        List<Tally.Item> items = new ArrayList<>(Math.min(n, Tally.MAX_VALUES));
        for (int i = 0; i < n; i++) {
            items.add(new Tally.Item(r.readString(), r.readVarInt(), r.readEntryKey()));
        }
        return new Tally(items, overflow);
    }

    // ---------------------------------------------------------------- group summaries

    public static byte[] encodeSummary(GroupSummary s) {
        BinaryWriter w = new BinaryWriter(64 + s.episodes().size() * 64 + s.alerts().size() * 180);
        w.writeByte(VERSION);
        w.writeEntryKey(s.newest());
        w.writeDouble(s.windowValue());
        w.writeSignedVarLong(s.purgedBefore());
        w.writeSignedVarLong(s.purgeCutoff());
        w.writeSignedVarLong(s.expiryBucket());
        w.writeVarLong(s.entries());
        w.writeSignedVarLong(s.timerDue());
        w.writeSignedVarLong(s.timerWallDue());
        w.writeVarInt(s.episodes().size());
        for (EpisodeRef e : s.episodes()) {
            w.writeEntryKey(e.start());
            w.writeEntryKey(e.end());
            w.writeVarInt(e.level());
            w.writeDouble(e.maxValue());
        }
        w.writeVarInt(s.alerts().size());
        for (AlertRecord a : s.alerts()) {
            w.writeString(a.key());
            w.writeVarInt(a.sequence());
            w.writeVarInt(a.status().ordinal());
            w.writeEntryKey(a.first());
            w.writeEntryKey(a.last());
            w.writeSignedVarLong(a.lastEvidenceAt());
            AlertRecord.Basis b = a.basis();
            w.writeVarInt(b.level());
            w.writeDouble(b.metricValue());
            w.writeVarLong(b.count());
            w.writeVarInt(b.fatalities());
            w.writeSignedVarLong(b.startTime());
            w.writeSignedVarLong(b.endTime());
            w.writeSignedVarLong(b.idsHash());
            w.writeVarInt(a.sentTimes().size());
            for (long t : a.sentTimes()) {
                w.writeSignedVarLong(t);
            }
            w.writeSignedVarLong(a.material());
            w.writeSignedVarLong(a.lastSentAt());
            w.writeSignedVarLong(a.pendingDue());
            w.writeSignedVarLong(a.wallDue());
        }
        return w.toByteArray();
    }

    /**
     * A group summary. From format 1: an alert's status is OPEN or CANCELLED as its flag said, its material
     * fingerprint 0 (matching no real one, so its next change is sent at once rather than held), the event time of
     * its last message its newest evidence, nothing pending, no wall-clock bound; the group has no timer until its
     * next change.
     */
    public static GroupSummary decodeSummary(byte[] bytes) {
        BinaryReader r = reader(bytes, "group summary");
        boolean v1 = version(bytes) < 2;
        EntryKey newest = r.readEntryKey();
        double windowValue = r.readDouble();
        long purgedBefore = r.readSignedVarLong();
        long purgeCutoff = r.readSignedVarLong();
        long expiryBucket = r.readSignedVarLong();
        long entries = r.readVarLong();
        long timerDue = v1 ? GroupSummary.NONE : r.readSignedVarLong();
        long timerWallDue = v1 ? GroupSummary.NONE : r.readSignedVarLong();
        int ne = r.readVarInt();
        List<EpisodeRef> episodes = new ArrayList<>(ne);
        for (int i = 0; i < ne; i++) {
            episodes.add(new EpisodeRef(r.readEntryKey(), r.readEntryKey(), r.readVarInt(), r.readDouble()));
        }
        int na = r.readVarInt();
        List<AlertRecord> alerts = new ArrayList<>(na);
        for (int i = 0; i < na; i++) {
            alerts.add(readAlertRecord(r, v1));
        }
        return new GroupSummary(newest, windowValue, episodes, alerts, purgedBefore, purgeCutoff, expiryBucket,
                entries, timerDue, timerWallDue);
    }

    private static AlertRecord readAlertRecord(BinaryReader r, boolean v1) {
        String key = r.readString();
        int sequence = r.readVarInt();
        AlertRecord.Status status = v1
                ? (r.readBoolean() ? AlertRecord.Status.CANCELLED : AlertRecord.Status.OPEN)
                : status(r.readVarInt());
        EntryKey first = r.readEntryKey();
        EntryKey last = r.readEntryKey();
        long lastEvidenceAt = r.readSignedVarLong();
        AlertRecord.Basis basis = new AlertRecord.Basis(r.readVarInt(), r.readDouble(), r.readVarLong(),
                r.readVarInt(), r.readSignedVarLong(), r.readSignedVarLong(), r.readSignedVarLong());
        int ns = r.readVarInt();
        List<Long> sent = new ArrayList<>(ns);
        for (int j = 0; j < ns; j++) {
            sent.add(r.readSignedVarLong());
        }
        if (v1) {
            return new AlertRecord(key, sequence, status, first, last, lastEvidenceAt, basis, sent, 0L,
                    lastEvidenceAt, AlertRecord.NOT_PENDING, Long.MAX_VALUE);
        }
        return new AlertRecord(key, sequence, status, first, last, lastEvidenceAt, basis, sent, r.readSignedVarLong(),
                r.readSignedVarLong(), r.readSignedVarLong(), r.readSignedVarLong());
    }

    private static final AlertRecord.Status[] STATUSES = AlertRecord.Status.values();

    private static AlertRecord.Status status(int ordinal) {
        if (ordinal < 0 || ordinal >= STATUSES.length) {
            throw new IllegalStateException("alert status " + ordinal + " is not one of " + List.of(STATUSES));
        }
        return STATUSES[ordinal];
    }

    /** The format version a value was written in (its first byte). */
    static int version(byte[] bytes) {
        return bytes.length == 0 ? -1 : bytes[0] & 0xFF;
    }

    static BinaryReader reader(byte[] bytes, String what) {
        BinaryReader r = new BinaryReader(bytes);
        int version = r.readByte();
        if (version < OLDEST_READ || version > VERSION) {
            throw new IllegalStateException(what + " in state format " + version + ", this build reads formats "
                    + OLDEST_READ + " to " + VERSION
                    + ": reset the application's state (see docs/operations.md, Upgrades)");
        }
        return r;
    }
}
