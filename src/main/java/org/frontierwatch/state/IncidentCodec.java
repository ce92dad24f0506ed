package org.frontierwatch.state;

import java.util.List;
import java.util.Map;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.IncidentState;

/**
 * Hand-laid binary forms of what the intake keeps per incident ({@link IncidentState}, in the incidents store) and of
 * what it sends to the rule groups ({@link GroupChange}, on the repartition topic): a version byte, then the fields in
 * declaration order (see {@link StateCodec} for the encodings). About a third of the JSON's size and several times
 * faster to write and read (JMH {@code StateSerdeBenchmark}).
 */
public final class IncidentCodec {

    private IncidentCodec() {
    }

    public static byte[] encodeState(IncidentState s) {
        BinaryWriter w = new BinaryWriter(256);
        w.writeByte(StateCodec.VERSION);
        w.writeBoolean(s.latest() != null);
        if (s.latest() != null) {
            writeIncident(w, s.latest());
        }
        w.writeVarInt(s.revision());
        w.writeBoolean(s.retracted());
        w.writeSignedVarLong(s.occurredAtMs());
        return w.toByteArray();
    }

    public static IncidentState decodeState(byte[] bytes) {
        BinaryReader r = StateCodec.reader(bytes, "incident state");
        int version = StateCodec.version(bytes);
        Incident latest = r.readBoolean() ? readIncident(r, version) : null;
        return new IncidentState(latest, r.readVarInt(), r.readBoolean(), r.readSignedVarLong());
    }

    public static byte[] encodeChange(GroupChange c) {
        BinaryWriter w = new BinaryWriter(512);
        w.writeByte(StateCodec.VERSION);
        w.writeString(c.ruleId());
        w.writeString(c.groupKey());
        w.writeStringMap(c.group());
        w.writeString(c.incidentId());
        w.writeBoolean(c.before() != null);
        if (c.before() != null) {
            writeIncident(w, c.before());
        }
        w.writeBoolean(c.after() != null);
        if (c.after() != null) {
            writeIncident(w, c.after());
        }
        w.writeSignedVarLong(c.receivedAtMs());
        return w.toByteArray();
    }

    public static GroupChange decodeChange(byte[] bytes) {
        BinaryReader r = StateCodec.reader(bytes, "group change");
        String ruleId = r.readString();
        String groupKey = r.readString();
        Map<String, String> group = r.readStringMap();
        String incidentId = r.readString();
        int version = StateCodec.version(bytes);
        Incident before = r.readBoolean() ? readIncident(r, version) : null;
        Incident after = r.readBoolean() ? readIncident(r, version) : null;
        return new GroupChange(ruleId, groupKey, group, incidentId, before, after, r.readSignedVarLong());
    }

    static void writeIncident(BinaryWriter w, Incident i) {
        IncidentReport r = i.report();
        w.writeString(r.id());
        w.writeVarInt(r.revision());
        w.writeInstant(r.occurredAt());
        w.writeInstant(r.reportedAt());
        w.writeString(r.eventType());
        w.writeString(r.subEventType());
        w.writeString(r.country());
        w.writeString(r.admin1());
        w.writeString(r.admin2());
        w.writeNullableDouble(r.latitude());
        w.writeNullableDouble(r.longitude());
        w.writeNullableInt(r.geoPrecision());
        w.writeSignedVarLong(r.fatalities());
        w.writeNullableInt(r.injured());
        w.writeStrings(r.victimNationalities());
        w.writeString(r.siteId());
        w.writeString(r.originCountry());
        w.writeString(r.originAdmin1());
        w.writeStrings(r.actors());
        w.writeString(r.source());
        w.writeString(r.notes());
        w.writeString(i.districtId());
        w.writeString(i.districtName());
        w.writeString(i.admin1());
        w.writeBoolean(i.districtKnown());
        w.writeBoolean(i.siteKnown());
        w.writeStrings(r.sources());
        w.writeString(r.sourceScale());
        w.writeStrings(i.neighbourOf());
    }

    /** Format 4 added the report's independent sources and source scale and the districts listing it as neighbour. */
    static Incident readIncident(BinaryReader r, int version) {
        IncidentReport report = new IncidentReport(r.readString(), r.readVarInt(), r.readInstant(), r.readInstant(),
                r.readString(), r.readString(), r.readString(), r.readString(), r.readString(), r.readNullableDouble(),
                r.readNullableDouble(), r.readNullableInt(), Math.toIntExact(r.readSignedVarLong()),
                r.readNullableInt(), r.readStrings(), r.readString(), r.readString(), r.readString(), r.readStrings(),
                r.readString(), r.readString());
        String districtId = r.readString();
        String districtName = r.readString();
        String admin1 = r.readString();
        boolean districtKnown = r.readBoolean();
        boolean siteKnown = r.readBoolean();
        List<String> neighbours = List.of();
        if (version >= 4) {
            List<String> sources = r.readStrings();
            String scale = r.readString();
            neighbours = r.readStrings();
            report = report.withSources(sources, scale);
        } else {
            // Stored before sources were kept: its source text counts as its one source, as a new report's would.
            report = report.forEvaluation();
        }
        return new Incident(report, districtId, districtName, admin1, districtKnown, siteKnown, neighbours);
    }
}
