package org.frontierwatch.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.frontierwatch.config.Topics;

/**
 * A seeded, deterministic generator of reference data and incident reports for the reliability oracle: consumes a
 * seed and sizes, produces the records to send (with their partition) and, computed here independently of the
 * processor, every report's fate: accepted, duplicate, retraction, or dead-lettered with which reason.
 *
 * <p>Why the output is order-independent across partitions, so that a run under faults must equal a fault-free
 * run: countries are split into disjoint clusters, one per partition, and every record of a cluster goes to that
 * cluster's partition. Every rule group (district, country + nationality, incident) therefore receives its changes
 * from exactly one upstream partition, in that partition's order, however the tasks interleave. All accepted event
 * times lie within a span shorter than the grace period, so no cross-partition skew can make an accepted incident
 * late downstream; "late beyond grace" reports are ten days older than the span, so they are late against any
 * watermark their partition can have.
 *
 * <p>Busy districts (a shape with {@code busyPercent > 0}): that share of the new incidents goes to a few busy
 * districts chosen within the report's own cluster (so within its partition: the invariant above holds), ranked and
 * drawn with Zipf weights {@code 1/rank^busyExponent}; the rest are spread uniformly as without skew. A shape with
 * {@code busyPercent == 0} draws exactly the random numbers it drew before busy districts existed, so every seed
 * gives byte-identical scenarios.
 */
public final class ScenarioGenerator {

    /** One record to send: partition {@code null} lets the producer choose (reference topics). */
    public record Sent(String topic, Integer partition, byte[] key, byte[] value) {
    }

    /**
     * What to send and what must happen to it. {@code reportDeadLetters} and {@code referenceDeadLetters} map a
     * reason ({@code topic:reason} for reference records) to how many records must be dead-lettered with it.
     */
    public record Scenario(long seed, int partitions, List<Sent> reference, List<Sent> reports,
                           Map<String, Integer> reportDeadLetters, Map<String, Integer> referenceDeadLetters,
                           int accepted, int revisions, int duplicates, int retractions, int ignoredRetractions,
                           DistrictLoad busiest) {

        public int reportDeadLetterTotal() {
            return reportDeadLetters.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int referenceDeadLetterTotal() {
            return referenceDeadLetters.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Every report is exactly one of these: the accounting the verifier checks. */
        public int accountedFor() {
            return accepted + revisions + duplicates + retractions + ignoredRetractions + reportDeadLetterTotal();
        }
    }

    /**
     * The district that received the most accepted new incidents ({@code null} id when there were none): how many
     * in all, and the most inside any one {@link #LOAD_WINDOW} of event time (both ends inclusive). Revisions do not
     * count again; retractions are not subtracted.
     */
    public record DistrictLoad(String districtId, int incidents, int maxInWindow) {
    }

    /** The window {@link DistrictLoad#maxInWindow()} is measured over: the longest window of the default rules. */
    public static final Duration LOAD_WINDOW = Duration.ofDays(30);

    /**
     * The size and mix of a scenario. {@code mixPermille}: cumulative thresholds (out of 1000) for new report,
     * duplicate, revision, retraction, tombstone for an unknown id, late within grace, late beyond grace; the rest
     * is poison. {@code liveCap}: how many live incidents per partition stay candidates for duplicates, revisions and
     * retractions (0: all).
     */
    public record Shape(int partitions, int districtsPerCountry, int sitesPerDistrict, Duration span,
                        int foreignVictimPercent, int crossBorderPercent, int[] mixPermille, int liveCap,
                        int busyPercent, int busyDistricts, double busyExponent, Instant start) {

        /**
         * {@code busyPercent}: share of new incidents (0-100) drawn towards {@code busyDistricts} busy districts per
         * cluster with Zipf weights {@code 1/rank^busyExponent} (0: no skew, as before busy districts existed);
         * {@code start}: the first accepted event time (all accepted ones lie in {@code [start, start + span]}).
         */
        public Shape {
            if (busyPercent < 0 || busyPercent > 100) {
                throw new IllegalArgumentException("busyPercent must be 0..100, was " + busyPercent);
            }
            if (busyPercent > 0 && (busyDistricts < 1 || busyDistricts > 2 * districtsPerCountry)) {
                throw new IllegalArgumentException("busyDistricts must be 1.." + 2 * districtsPerCountry
                        + " (the districts of one cluster), was " + busyDistricts);
            }
        }

        /** A shape without busy districts, starting at {@link #START}: what every shape was before the skew. */
        public Shape(int partitions, int districtsPerCountry, int sitesPerDistrict, Duration span,
                     int foreignVictimPercent, int crossBorderPercent, int[] mixPermille, int liveCap) {
            this(partitions, districtsPerCountry, sitesPerDistrict, span, foreignVictimPercent, crossBorderPercent,
                    mixPermille, liveCap, 0, 0, 0, START);
        }

        /** The reliability suite's shape: small reference data, a 6-day span, every fate frequent. */
        public static Shape reliability(int partitions) {
            return new Shape(partitions, 5, 2, SPAN, 30, 30, new int[] {620, 680, 740, 770, 780, 840, 870}, 0);
        }

        /**
         * The reliability shape with half of the new incidents drawn to 3 busy districts per cluster (Zipf exponent
         * 1.5: shares 0.65, 0.23, 0.12 of the busy half), the other half spread over the cluster's 10 districts.
         * Over 4 partitions the busiest district receives about 6.3% of all reports (every one inside the 6-day
         * span, so inside one 30-day window): about 6,300 incidents for 100,000 reports, 3,200 for 50,000.
         */
        public static Shape reliabilityBusy(int partitions) {
            return reliability(partitions).withBusyDistricts(50, 3, 1.5);
        }

        /**
         * The benchmark's shape: 400 districts, 2,000 sites and 40 nationalities over 4 partitions, two years of
         * events; revisions, duplicates and late reports at a few percent, foreign victims and cross-border attacks
         * rare, one report in 200 poison. From {@link #START} its 730 days run to 2027-10-01: past a wall clock of
         * late 2026, reports are dead-lettered as {@code future_timestamp}, so the benchmark moves it with
         * {@link #endingAt}.
         */
        public static Shape benchmark() {
            return new Shape(4, 50, 5, Duration.ofDays(730), 3, 8, new int[] {900, 930, 960, 965, 967, 992, 995}, 5000);
        }

        /**
         * The benchmark's reference data and mix with busy districts: half of the new incidents drawn to 4 busy
         * districts per cluster (Zipf exponent 1.5: shares 0.60, 0.21, 0.12, 0.07 of the busy half), over a 42-day
         * span. With 200,000 reports (46,000 accepted new incidents per cluster) the busiest district of each cluster
         * receives about 14,000 incidents, about 10,000 inside one 30-day window (~335 a day), the second about
         * 3,700 per 30 days, the 96 others of its cluster about 165 each; scaled linearly for other sizes.
         */
        public static Shape benchmarkBusy() {
            return new Shape(4, 50, 5, Duration.ofDays(42), 3, 8, new int[] {900, 930, 960, 965, 967, 992, 995}, 5000,
                    50, 4, 1.5, START);
        }

        /** This shape with busy districts: {@code percent} of new incidents to {@code districts} per cluster. */
        public Shape withBusyDistricts(int percent, int districts, double exponent) {
            return new Shape(partitions, districtsPerCountry, sitesPerDistrict, span, foreignVictimPercent,
                    crossBorderPercent, mixPermille, liveCap, percent, districts, exponent, start);
        }

        /** This shape with its accepted event times starting at {@code first}. */
        public Shape startingAt(Instant first) {
            return new Shape(partitions, districtsPerCountry, sitesPerDistrict, span, foreignVictimPercent,
                    crossBorderPercent, mixPermille, liveCap, busyPercent, busyDistricts, busyExponent, first);
        }

        /** This shape moved in time so that its last accepted event time is {@code last}. */
        public Shape endingAt(Instant last) {
            return startingAt(last.minus(span));
        }

        /** The last accepted event time. */
        public Instant end() {
            return start.plus(span);
        }
    }

    /**
     * First accepted event time of the predefined shapes; the reliability shapes end six days later, well before any
     * test's wall clock (mind {@link Shape#end()} for longer spans).
     */
    public static final Instant START = Instant.parse("2025-10-01T00:00:00Z");
    /**
     * The reliability shapes' accepted event times lie in [START, START + SPAN]; shorter than the 7-day grace period.
     */
    public static final Duration SPAN = Duration.ofDays(6);

    private static final String[] COUNTRIES = {"TJ", "AF", "PK", "IR", "UZ", "TM", "KG", "IQ", "SY", "TR", "YE", "SO",
            "SD", "LY", "ML", "NE"};
    private static final String[] FOREIGN = {"CN", "RU", "IN", "KR", "EG", "PH", "NP", "BD", "VN", "ID", "LK", "ET",
            "GH", "KE", "UG", "MA", "BR", "MX", "JP", "DE", "FR", "GB", "US", "ZA"};
    private static final String[][] EVENTS = {
            {"Battles", "Armed clash"},
            {"Explosions/Remote violence", "Air/drone strike"},
            {"Violence against civilians", "Attack"},
            {"Strategic developments", "Disrupted weapons use"},
            {"Protests", "Peaceful protest"}};
    private static final int[] EVENT_WEIGHTS = {30, 25, 25, 10, 10};

    private final ObjectMapper json = new ObjectMapper();
    private final Random random;
    private final Topics topics;
    private final Shape shape;
    private final int partitions;
    private final int districtsPerCountry;
    private final int sitesPerDistrict;
    private final Consumer<Sent> sink;

    private final List<Cluster> clusters = new ArrayList<>();
    private final List<Sent> reference = new ArrayList<>();
    private final List<Sent> reports = new ArrayList<>();
    private final Map<String, Integer> reportDeadLetters = new TreeMap<>();
    private final Map<String, Integer> referenceDeadLetters = new TreeMap<>();
    private int accepted;
    private int revisions;
    private int duplicates;
    private int retractions;
    private int ignoredRetractions;
    private int nextId;
    private int poisonKind;
    /** Prefix of generated incident ids (live benchmark reports get their own, so ids never repeat across runs). */
    private String idPrefix = "GEN-";
    /** The district the last {@link #incident} was placed in. */
    private String lastDistrict;
    /** Event times (epoch ms) of the accepted new incidents, per district: for {@link DistrictLoad}. */
    private final Map<String, LongList> incidentTimes = new HashMap<>();

    private ScenarioGenerator(long seed, Topics topics, Shape shape, Consumer<Sent> sink) {
        if (shape.partitions() < 1 || shape.partitions() * 2 > COUNTRIES.length) {
            throw new IllegalArgumentException("partitions must be 1.." + COUNTRIES.length / 2);
        }
        this.random = new Random(seed);
        this.topics = topics;
        this.shape = shape;
        this.partitions = shape.partitions();
        this.districtsPerCountry = shape.districtsPerCountry();
        this.sitesPerDistrict = shape.sitesPerDistrict();
        this.sink = sink == null ? reports::add : sink;
    }

    /** A reliability scenario of {@code reports} report records over {@code partitions} partitions (at most 8). */
    public static Scenario generate(long seed, int reports, int partitions, Topics topics) {
        return generate(seed, reports, Shape.reliability(partitions), topics);
    }

    /** A scenario of {@code reports} report records of the given shape, all kept in memory. */
    public static Scenario generate(long seed, int reports, Shape shape, Topics topics) {
        ScenarioGenerator g = new ScenarioGenerator(seed, topics, shape, null);
        g.referenceData();
        g.reports(reports);
        return g.scenario(seed);
    }

    /**
     * Streams {@code reports} report records of the given shape into {@code sink} instead of keeping them (the
     * benchmark's millions); the returned scenario holds the reference data and the counts, and no reports.
     */
    public static Scenario stream(long seed, int reports, Shape shape, Topics topics,
                                  Consumer<Sent> sink) {
        ScenarioGenerator g = new ScenarioGenerator(seed, topics, shape, sink);
        g.referenceData();
        g.reports(reports);
        return g.scenario(seed);
    }

    /**
     * New incident reports on demand, for a live load: the shape's clusters, partitions and busy-district skew, at
     * the event time the caller gives. Consumes a seed (the reference data it implies is the same as
     * {@link #stream}'s for that seed, and is not sent), an id prefix that must be unique per consumer group and run,
     * and produces one accepted-to-be report per {@link LiveReports#next} call.
     */
    public static LiveReports live(long seed, Shape shape, Topics topics, String idPrefix) {
        ScenarioGenerator g = new ScenarioGenerator(seed, topics, shape, s -> { });
        g.referenceData();
        g.idPrefix = idPrefix;
        return new LiveReports(g);
    }

    /** A source of new reports at caller-chosen event times (see {@link #live}); not thread-safe. */
    public static final class LiveReports {
        private final ScenarioGenerator g;

        private LiveReports(ScenarioGenerator g) {
            this.g = g;
        }

        /** A new incident report occurring at {@code occurredAt}, keyed by its id, for its cluster's partition. */
        public Sent next(Instant occurredAt) {
            Cluster cluster = g.clusters.get(g.random.nextInt(g.clusters.size()));
            ObjectNode report = g.incident(cluster, occurredAt);
            return new Sent(g.topics.incidentReports(), cluster.partition, utf8(report.get("id").asText()),
                    utf8(report.toString()));
        }
    }

    private Scenario scenario(long seed) {
        return new Scenario(seed, partitions, List.copyOf(reference), List.copyOf(reports),
                Map.copyOf(reportDeadLetters), Map.copyOf(referenceDeadLetters), accepted, revisions,
                duplicates, retractions, ignoredRetractions, busiest());
    }

    private DistrictLoad busiest() {
        DistrictLoad best = new DistrictLoad(null, 0, 0);
        long window = LOAD_WINDOW.toMillis();
        for (Map.Entry<String, LongList> e : new TreeMap<>(incidentTimes).entrySet()) {
            long[] t = e.getValue().sorted();
            int max = 0;
            for (int lo = 0, hi = 0; hi < t.length; hi++) {
                while (t[hi] - t[lo] > window) {
                    lo++;
                }
                max = Math.max(max, hi - lo + 1);
            }
            if (max > best.maxInWindow() || (max == best.maxInWindow() && t.length > best.incidents())) {
                best = new DistrictLoad(e.getKey(), t.length, max);
            }
        }
        return best;
    }

    /** A growable array of longs (millions of event times without boxing). */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] sorted() {
            long[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }

    // ---------------------------------------------------------------- reference data

    private static final class Cluster {
        final int partition;
        final List<String> countries = new ArrayList<>();
        final String foreign;
        final Map<String, List<String>> districtsByCountry = new TreeMap<>();
        final Map<String, List<String>> sitesByDistrict = new TreeMap<>();
        final Map<String, String> districtNames = new TreeMap<>();
        final Map<String, String> districtAliases = new TreeMap<>();
        /** Busy districts, busiest first, and the cumulative Zipf weights to draw them with (empty without skew). */
        final List<String> busy = new ArrayList<>();
        final List<String> busyCountry = new ArrayList<>();
        double[] busyCumulative = new double[0];
        /** Incidents accepted and not retracted (the most recent ones if capped): id -> latest JSON. */
        final LivePool live = new LivePool();
        long maxOccurredMs = Long.MIN_VALUE;

        Cluster(int partition, String foreign) {
            this.partition = partition;
            this.foreign = foreign;
        }

        String partner(String country) {
            return countries.get(0).equals(country) ? countries.get(1) : countries.get(0);
        }
    }

    /** Live incidents with O(1) add, random pick and removal; deterministic for a given Random. */
    private static final class LivePool {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, ObjectNode> json = new HashMap<>();
        private final Map<String, Integer> position = new HashMap<>();

        boolean isEmpty() {
            return ids.isEmpty();
        }

        int size() {
            return ids.size();
        }

        void put(String id, ObjectNode report) {
            if (json.put(id, report) == null) {
                position.put(id, ids.size());
                ids.add(id);
            }
        }

        ObjectNode pick(Random random) {
            return json.get(ids.get(random.nextInt(ids.size())));
        }

        void remove(String id) {
            Integer at = position.remove(id);
            if (at == null) {
                return;
            }
            json.remove(id);
            String last = ids.remove(ids.size() - 1);
            if (!last.equals(id)) {
                ids.set(at, last);
                position.put(last, at);
            }
        }
    }

    private void referenceData() {
        for (int c = 0; c < partitions; c++) {
            Cluster cluster = new Cluster(c, FOREIGN[c % FOREIGN.length]);
            cluster.countries.add(COUNTRIES[2 * c]);
            cluster.countries.add(COUNTRIES[2 * c + 1]);
            clusters.add(cluster);
        }
        for (String code : COUNTRIES) {
            nationality(code);
        }
        for (String code : FOREIGN) {
            nationality(code);
        }
        for (Cluster cluster : clusters) {
            for (String country : cluster.countries) {
                List<String> ids = new ArrayList<>();
                for (int d = 1; d <= districtsPerCountry; d++) {
                    String id = country.toLowerCase(Locale.ROOT) + "-gen-d" + d;
                    String name = "Gen " + country + " District " + d;
                    String alias = "Gen " + country + " Old Name " + d;
                    ids.add(id);
                    cluster.districtNames.put(id, name);
                    cluster.districtAliases.put(id, alias);
                    ObjectNode district = json.createObjectNode().put("district_id", id).put("country", country)
                            .put("admin1", "Gen " + country + " Province " + (1 + d % 2)).put("name", name);
                    district.putArray("aliases").add(alias);
                    ArrayNode borders = district.putArray("borders");
                    if (d <= 3) {
                        borders.add(cluster.partner(country));
                    }
                    reference.add(new Sent(topics.districts(), null, utf8(id), utf8(district.toString())));
                    List<String> sites = new ArrayList<>();
                    for (int s = 1; s <= sitesPerDistrict; s++) {
                        String siteId = id + "-s" + s;
                        sites.add(siteId);
                        ObjectNode site = json.createObjectNode().put("site_id", siteId)
                                .put("name", "Generated site " + s + " in " + name).put("operator", "Gen Operator " + s)
                                .put("operator_country", cluster.foreign).put("sector", s % 2 == 0 ? "mining"
                                        : "construction")
                                .put("country", country).put("admin2", name)
                                .put("latitude", 30 + random.nextInt(10) + random.nextInt(1000) / 1000.0)
                                .put("longitude", 60 + random.nextInt(10) + random.nextInt(1000) / 1000.0);
                        site.putObject("workers").put(cluster.foreign, 5 + random.nextInt(60))
                                .put(country, 20 + random.nextInt(150));
                        reference.add(new Sent(topics.sites(), null, utf8(siteId), utf8(site.toString())));
                    }
                    cluster.sitesByDistrict.put(id, sites);
                }
                cluster.districtsByCountry.put(country, ids);
            }
            chooseBusyDistricts(cluster);
        }
        // Poison in each reference topic, under keys of their own so no good record is overwritten.
        referencePoison(topics.sites(), "gen-poison-site", "{\"site_id\": \"gen-poison-site\", \"country\":",
                "invalid_json");
        referencePoison(topics.sites(), "gen-poison-site-2", "{\"site_id\":\"someone-else\",\"country\":\"TJ\"}",
                "invalid_value");
        referencePoison(topics.districts(), "gen-poison-district",
                "{\"district_id\":\"gen-poison-district\",\"country\":\"TJ\"}", "invalid_value");
        referencePoison(topics.nationalities(), "ZZ", "[\"not\", \"an\", \"object\"]", "invalid_json");
    }

    /**
     * Busy districts alternate between the cluster's two countries, from district 1 up: the first three of each
     * country border the partner country, a front line. No random numbers are drawn, so reference data are the same
     * with or without skew.
     */
    private void chooseBusyDistricts(Cluster cluster) {
        if (shape.busyPercent() == 0) {
            return;
        }
        double[] cumulative = new double[shape.busyDistricts()];
        double sum = 0;
        for (int rank = 0; rank < shape.busyDistricts(); rank++) {
            String country = cluster.countries.get(rank % 2);
            cluster.busy.add(cluster.districtsByCountry.get(country).get(rank / 2));
            cluster.busyCountry.add(country);
            sum += 1 / Math.pow(rank + 1, shape.busyExponent());
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < cumulative.length; rank++) {
            cumulative[rank] /= sum;
        }
        cluster.busyCumulative = cumulative;
    }

    private void nationality(String code) {
        ObjectNode n = json.createObjectNode().put("code", code).put("name", "Country " + code)
                .put("demonym", code + " national").put("embassy_contact", "Embassy of " + code + " (generated)");
        reference.add(new Sent(topics.nationalities(), null, utf8(code), utf8(n.toString())));
    }

    private void referencePoison(String topic, String key, String value, String reason) {
        reference.add(new Sent(topic, null, utf8(key), utf8(value)));
        referenceDeadLetters.merge(topic + ":" + reason, 1, Integer::sum);
    }

    // ---------------------------------------------------------------- reports

    private void reports(int count) {
        for (int i = 0; i < count; i++) {
            Cluster cluster = clusters.get(random.nextInt(clusters.size()));
            Instant now = shape.start().plusMillis((long) (shape.span().toMillis() * (i / (double) count)));
            int roll = random.nextInt(1000);
            int[] mix = shape.mixPermille();
            if (cluster.live.isEmpty() || roll < mix[0]) {
                newReport(cluster, now);
            } else if (roll < mix[1]) {
                duplicate(cluster);
            } else if (roll < mix[2]) {
                revision(cluster);
            } else if (roll < mix[3]) {
                retraction(cluster);
            } else if (roll < mix[4]) {
                retractUnknown(cluster);
            } else if (roll < mix[5]) {
                lateWithinGrace(cluster);
            } else if (roll < mix[6]) {
                lateBeyondGrace(cluster);
            } else {
                poison(cluster, now);
            }
        }
    }

    private void newReport(Cluster cluster, Instant occurredAt) {
        ObjectNode report = incident(cluster, occurredAt);
        accept(cluster, report);
        countIncident(occurredAt);
        accepted++;
    }

    private void countIncident(Instant occurredAt) {
        incidentTimes.computeIfAbsent(lastDistrict, d -> new LongList()).add(occurredAt.toEpochMilli());
    }

    private ObjectNode incident(Cluster cluster, Instant occurredAt) {
        String id = idPrefix + cluster.partition + "-" + (++nextId);
        String country;
        String district;
        // Without skew no extra random number is drawn: the same seed gives the same scenario as before.
        if (shape.busyPercent() > 0 && random.nextInt(100) < shape.busyPercent()) {
            int rank = busyRank(cluster, random.nextDouble());
            district = cluster.busy.get(rank);
            country = cluster.busyCountry.get(rank);
        } else {
            country = cluster.countries.get(random.nextInt(2));
            List<String> districts = cluster.districtsByCountry.get(country);
            district = districts.get(random.nextInt(districts.size()));
        }
        lastDistrict = district;
        String[] event = EVENTS[weighted()];
        boolean violent = !event[0].equals("Strategic developments") && !event[0].equals("Protests");
        ObjectNode r = json.createObjectNode().put("id", id).put("revision", 1)
                .put("occurred_at", occurredAt.toString()).put("reported_at", occurredAt.plusSeconds(7200).toString())
                .put("event_type", event[0]).put("sub_event_type", event[1]).put("country", country);
        int where = random.nextInt(10);
        if (where < 5) {
            r.put("admin2", cluster.districtNames.get(district));
        } else if (where < 7) {
            r.put("admin2", cluster.districtAliases.get(district).toUpperCase(Locale.ROOT));
        } else {
            List<String> sites = cluster.sitesByDistrict.get(district);
            r.put("site_id", sites.get(random.nextInt(sites.size())));
        }
        r.put("fatalities", violent && random.nextInt(10) >= 4 ? 1 + random.nextInt(5) : 0);
        ArrayNode victims = r.putArray("victim_nationalities");
        if (violent && random.nextInt(100) < shape.foreignVictimPercent()) {
            victims.add(cluster.foreign);
        }
        if (violent && random.nextInt(100) < shape.crossBorderPercent()) {
            r.put("origin_country", cluster.partner(country));
        }
        r.putArray("actors").add("Generated armed group " + random.nextInt(5));
        r.put("source", "ScenarioGenerator seed stream");
        r.put("notes", "Generated incident " + id + " <b>&amp; \"quoted\"</b>");
        return r;
    }

    private static int busyRank(Cluster cluster, double u) {
        double[] c = cluster.busyCumulative;
        for (int rank = 0; rank < c.length - 1; rank++) {
            if (u < c[rank]) {
                return rank;
            }
        }
        return c.length - 1;
    }

    private int weighted() {
        int roll = random.nextInt(100);
        for (int k = 0; k < EVENT_WEIGHTS.length; k++) {
            roll -= EVENT_WEIGHTS[k];
            if (roll < 0) {
                return k;
            }
        }
        return EVENT_WEIGHTS.length - 1;
    }

    private void accept(Cluster cluster, ObjectNode report) {
        String id = report.get("id").asText();
        if (shape.liveCap() > 0 && cluster.live.size() >= shape.liveCap()) {
            cluster.live.remove(cluster.live.pick(random).get("id").asText());
        }
        cluster.live.put(id, report);
        cluster.maxOccurredMs = Math.max(cluster.maxOccurredMs,
                Instant.parse(report.get("occurred_at").asText()).toEpochMilli());
        send(cluster, id, report.toString());
    }

    private ObjectNode anyLive(Cluster cluster) {
        return cluster.live.pick(random);
    }

    /** The same revision again (a producer retry, a re-sent feed): changes nothing. */
    private void duplicate(Cluster cluster) {
        ObjectNode r = anyLive(cluster);
        send(cluster, r.get("id").asText(), r.toString());
        duplicates++;
    }

    /** A higher revision with different fatalities and victims: replaces the incident. */
    private void revision(Cluster cluster) {
        ObjectNode r = anyLive(cluster).deepCopy();
        r.put("revision", r.get("revision").asInt() + 1);
        r.put("fatalities", r.get("fatalities").asInt() == 0 ? 1 + random.nextInt(4) : random.nextInt(2));
        r.put("notes", "Revised: " + r.get("notes").asText());
        accept(cluster, r);
        revisions++;
    }

    /** A tombstone for a live incident: retracts it (its ids are never reused). */
    private void retraction(Cluster cluster) {
        String id = anyLive(cluster).get("id").asText();
        cluster.live.remove(id);
        send(cluster, id, null);
        retractions++;
    }

    /** A tombstone for an id never seen: counted, nothing else happens. */
    private void retractUnknown(Cluster cluster) {
        send(cluster, "GEN-UNKNOWN-" + (++nextId), null);
        ignoredRetractions++;
    }

    /** Up to 12 hours older than the latest accepted report of its partition: within grace, accepted. */
    private void lateWithinGrace(Cluster cluster) {
        long occurred = Math.max(shape.start().toEpochMilli(),
                cluster.maxOccurredMs - 3_600_000L * (1 + random.nextInt(12)));
        ObjectNode r = incident(cluster, Instant.ofEpochMilli(occurred));
        accept(cluster, r);
        countIncident(Instant.ofEpochMilli(occurred));
        accepted++;
    }

    /** Ten to fifteen days before the span starts: beyond the 7-day grace against any watermark, dead-lettered. */
    private void lateBeyondGrace(Cluster cluster) {
        Instant occurred = shape.start().minus(Duration.ofDays(10)).minusSeconds(random.nextInt(5 * 86_400));
        ObjectNode r = incident(cluster, occurred);
        send(cluster, r.get("id").asText(), r.toString());
        deadLetter("late");
    }

    private void poison(Cluster cluster, Instant now) {
        ObjectNode good = incident(cluster, now);
        String id = good.get("id").asText();
        switch (poisonKind++ % 9) {
            case 0 -> {
                String whole = good.toString();
                poison(cluster, id, utf8(whole.substring(0, whole.length() / 2)), "invalid_json");
            }
            case 1 -> poison(cluster, id, utf8("[\"" + id + "\", 1, 2]"), "not_an_object");
            case 2 -> {
                good.remove("event_type");
                poison(cluster, id, utf8(good.toString()), "missing_field");
            }
            case 3 -> {
                good.put("event_type", "Earthquake");
                poison(cluster, id, utf8(good.toString()), "unknown_event_type");
            }
            case 4 -> {
                good.put("fatalities", -3);
                poison(cluster, id, utf8(good.toString()), "negative_value");
            }
            case 5 -> {
                good.put("occurred_at", "2100-01-01T00:00:00Z");
                poison(cluster, id, utf8(good.toString()), "future_timestamp");
            }
            case 6 -> {
                sink.accept(new Sent(topics.incidentReports(), cluster.partition, utf8(id + "-other-key"),
                        utf8(good.toString())));
                deadLetter("key_mismatch");
            }
            case 7 -> {
                sink.accept(new Sent(topics.incidentReports(), cluster.partition, null, utf8(good.toString())));
                deadLetter("missing_key");
            }
            default -> {
                byte[] noise = new byte[16 + random.nextInt(200)];
                random.nextBytes(noise);
                noise[0] = (byte) 0xFF; // never valid JSON (nor UTF-8)
                poison(cluster, id, noise, "invalid_json");
            }
        }
    }

    private void poison(Cluster cluster, String id, byte[] value, String reason) {
        sink.accept(new Sent(topics.incidentReports(), cluster.partition, utf8(id), value));
        deadLetter(reason);
    }

    private void deadLetter(String reason) {
        reportDeadLetters.merge(reason, 1, Integer::sum);
    }

    private void send(Cluster cluster, String key, String value) {
        sink.accept(new Sent(topics.incidentReports(), cluster.partition, utf8(key), utf8(value)));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
