package org.frontierwatch.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Alert.AlertReference;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.AlertContent.Circle;
import org.frontierwatch.model.AlertContent.ExposedNationality;
import org.frontierwatch.model.AlertContent.NationalityAtRisk;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;

/**
 * The hand-laid binary form of an alert message, as a rule group keeps its alerts' last messages (to cancel them with
 * their content and to compare a candidate Update with what was sent): a version byte, then every field in
 * declaration order, enums by name. Lossless: decoding gives an equal {@link Alert}. Format 1 had no
 * {@code as_of}: such a message decodes with a null one; before format 3 there was no rule version (null), before
 * format 4 no exposure (0 workers, none listed), circles, sources (0) or site distances (null).
 */
public final class AlertCodec {

    private AlertCodec() {
    }

    public static byte[] encode(Alert a) {
        AlertContent content = a.content();
        BinaryWriter w = new BinaryWriter(1024 + content.incidentIds().size() * 24
                + content.affectedSites().size() * 96);
        w.writeByte(StateCodec.VERSION);
        w.writeString(a.key());
        w.writeString(a.alertId());
        writeEnum(w, a.msgType());
        w.writeVarInt(a.references().size());
        for (AlertReference r : a.references()) {
            w.writeString(r.alertId());
            w.writeInstant(r.sent());
        }
        w.writeString(content.ruleId());
        w.writeString(content.event());
        writeEnum(w, content.severity());
        writeEnum(w, content.urgency());
        writeEnum(w, content.certainty());
        writeEnum(w, content.response());
        w.writeString(content.country());
        w.writeString(content.admin1());
        w.writeString(content.district());
        w.writeString(content.districtId());
        w.writeStringMap(content.group());
        w.writeInstant(content.windowStart());
        w.writeInstant(content.windowEnd());
        w.writeStrings(content.incidentIds());
        w.writeVarInt(content.incidentIdsTotal());
        w.writeSignedVarLong(content.fatalities());
        w.writeSignedVarLong(content.count());
        w.writeDouble(content.metricValue());
        writeSites(w, content.affectedSites());
        w.writeVarInt(content.affectedSitesTotal());
        w.writeVarInt(content.nationalities().size());
        for (NationalityAtRisk n : content.nationalities()) {
            w.writeString(n.code());
            w.writeString(n.name());
            w.writeString(n.embassyContact());
        }
        w.writeString(content.headline());
        w.writeString(content.instruction());
        w.writeInstant(a.sent());
        w.writeInstant(a.expires());
        w.writeInstant(a.asOf());
        w.writeSignedVarLong(a.content().foreignFatalities());
        w.writeString(content.ruleVersion());
        w.writeVarInt(content.exposedWorkers());
        w.writeVarInt(content.exposure().size());
        for (ExposedNationality n : content.exposure()) {
            w.writeString(n.code());
            w.writeString(n.demonym());
            w.writeVarInt(n.workers());
        }
        w.writeVarInt(content.circles().size());
        for (Circle c : content.circles()) {
            w.writeDouble(c.latitude());
            w.writeDouble(c.longitude());
            w.writeDouble(c.radiusKm());
        }
        w.writeVarInt(content.sources());
        for (AffectedSite s : content.affectedSites()) {
            w.writeNullableDouble(s.distanceKm());
        }
        return w.toByteArray();
    }

    public static Alert decode(byte[] bytes) {
        BinaryReader r = StateCodec.reader(bytes, "alert");
        String key = r.readString();
        String alertId = r.readString();
        MsgType msgType = readEnum(r, MsgType.class);
        int nr = r.readVarInt();
        List<AlertReference> refs = new ArrayList<>(nr);
        for (int i = 0; i < nr; i++) {
            refs.add(new AlertReference(r.readString(), r.readInstant()));
        }
        String ruleId = r.readString();
        String event = r.readString();
        Severity severity = readEnum(r, Severity.class);
        Urgency urgency = readEnum(r, Urgency.class);
        Certainty certainty = readEnum(r, Certainty.class);
        ResponseType response = readEnum(r, ResponseType.class);
        String country = r.readString();
        String admin1 = r.readString();
        String district = r.readString();
        String districtId = r.readString();
        Map<String, String> group = r.readStringMap();
        Instant windowStart = r.readInstant();
        Instant windowEnd = r.readInstant();
        List<String> incidentIds = r.readStrings();
        int incidentIdsTotal = r.readVarInt();
        int fatalities = Math.toIntExact(r.readSignedVarLong());
        int count = Math.toIntExact(r.readSignedVarLong());
        double metricValue = r.readDouble();
        List<AffectedSite> sites = readSites(r);
        int affectedSitesTotal = r.readVarInt();
        int nn = r.readVarInt();
        List<NationalityAtRisk> nationalities = new ArrayList<>(nn);
        for (int i = 0; i < nn; i++) {
            nationalities.add(new NationalityAtRisk(r.readString(), r.readString(), r.readString()));
        }
        // Format 2 appends as_of and foreign fatalities after expires, format 3 the rule version; format 1 stops at
        // expires.
        String headline = r.readString();
        String instruction = r.readString();
        Instant sent = r.readInstant();
        Instant expires = r.readInstant();
        boolean v2 = StateCodec.version(bytes) >= 2;
        Instant asOf = v2 ? r.readInstant() : null;
        int foreignFatalities = v2 ? Math.toIntExact(r.readSignedVarLong()) : 0;
        String ruleVersion = StateCodec.version(bytes) >= 3 ? r.readString() : null;
        int exposedWorkers = 0;
        List<ExposedNationality> exposure = List.of();
        List<Circle> circles = List.of();
        int sources = 0;
        if (StateCodec.version(bytes) >= 4) {
            exposedWorkers = r.readVarInt();
            int ne = r.readVarInt();
            exposure = new ArrayList<>(ne);
            for (int i = 0; i < ne; i++) {
                exposure.add(new ExposedNationality(r.readString(), r.readString(), r.readVarInt()));
            }
            int nc = r.readVarInt();
            circles = new ArrayList<>(nc);
            for (int i = 0; i < nc; i++) {
                circles.add(new Circle(r.readDouble(), r.readDouble(), r.readDouble()));
            }
            sources = r.readVarInt();
            List<AffectedSite> withDistances = new ArrayList<>(sites.size());
            for (AffectedSite s : sites) {
                withDistances.add(new AffectedSite(s.siteId(), s.name(), s.operator(), s.districtId(),
                        s.districtName(), s.latitude(), s.longitude(), s.workers(), r.readNullableDouble()));
            }
            sites = withDistances;
        }
        AlertContent content = new AlertContent(ruleId, ruleVersion, event, severity, urgency, certainty, response,
                country, admin1, district, districtId, group, windowStart, windowEnd, incidentIds, incidentIdsTotal,
                fatalities, foreignFatalities, count, metricValue, sites, affectedSitesTotal, exposedWorkers, exposure,
                circles, sources, nationalities, headline, instruction);
        return new Alert(key, alertId, msgType, refs, content, sent, expires, asOf);
    }

    private static void writeSites(BinaryWriter w, List<AffectedSite> sites) {
        w.writeVarInt(sites.size());
        for (AffectedSite s : sites) {
            w.writeString(s.siteId());
            w.writeString(s.name());
            w.writeString(s.operator());
            w.writeString(s.districtId());
            w.writeString(s.districtName());
            w.writeNullableDouble(s.latitude());
            w.writeNullableDouble(s.longitude());
            Map<String, Integer> workers = s.workers();
            w.writeBoolean(workers != null);
            if (workers != null) {
                w.writeVarInt(workers.size());
                workers.forEach((k, v) -> {
                    w.writeString(k);
                    w.writeNullableInt(v);
                });
            }
        }
    }

    private static List<AffectedSite> readSites(BinaryReader r) {
        int ns = r.readVarInt();
        List<AffectedSite> sites = new ArrayList<>(ns);
        for (int i = 0; i < ns; i++) {
            String siteId = r.readString();
            String name = r.readString();
            String operator = r.readString();
            String siteDistrictId = r.readString();
            String districtName = r.readString();
            Double lat = r.readNullableDouble();
            Double lon = r.readNullableDouble();
            Map<String, Integer> workers = null;
            if (r.readBoolean()) {
                int nw = r.readVarInt();
                workers = new LinkedHashMap<>();
                for (int j = 0; j < nw; j++) {
                    workers.put(r.readString(), r.readNullableInt());
                }
            }
            sites.add(new AffectedSite(siteId, name, operator, siteDistrictId, districtName, lat, lon, workers));
        }
        return sites;
    }

    private static void writeEnum(BinaryWriter w, Enum<?> e) {
        w.writeString(e == null ? null : e.name());
    }

    private static <E extends Enum<E>> E readEnum(BinaryReader r, Class<E> type) {
        String name = r.readString();
        return name == null ? null : Enum.valueOf(type, name);
    }
}
