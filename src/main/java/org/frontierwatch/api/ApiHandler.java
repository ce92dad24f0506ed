package org.frontierwatch.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.frontierwatch.alert.CapXmlWriter;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Site;
import org.frontierwatch.serde.Json;

/**
 * Serves the query API from the live alert state: {@code GET /api/alerts}, {@code /api/alerts/{key}},
 * {@code /api/sites} (the reference sites), {@code /api/sites/{site_id}/alerts}, {@code /cap/feed.atom} and
 * {@code /cap/alerts/{alert_id}.xml}; the {@code /api/} answers show each alert's last message sent and, while the
 * alert cadence holds a change of it back, that change ({@code pending}: the current totals and when they go out).
 * A request to any instance answers for all partitions: it asks every other instance holding alert state
 * ({@link PeerQueries}, {@code local=true}) and merges; an instance that does not answer makes the request fail with
 * 502 naming it, never a silently shorter answer. With a token set, every request needs
 * {@code Authorization: Bearer <token>}. Asking the other instances is {@link PeerQueries}' job; what stays is the
 * six endpoints' parameter parsing, answers and error answers, kept together so the API reads as one table of routes.
 */
public final class ApiHandler implements HttpHandler {

    public static final String RETRY_AFTER_SECONDS = "5";

    private final AlertState state;
    private final CapXmlWriter cap;
    private final String senderName;
    private final BearerToken token;
    private final Clock clock;
    private final PeerQueries peers = new PeerQueries();
    private final Annotator annotator;

    /**
     * Adds fields to the JSON of an alert's latest message in a merged answer (never in the {@code local=true}
     * answers instances give each other): the console's acknowledgements.
     */
    @FunctionalInterface
    public interface Annotator {
        Annotator NONE = (latest, json) -> { };

        void annotate(Alert latest, ObjectNode json);
    }

    public ApiHandler(AlertState state, CapXmlWriter cap, String senderName, String token, Clock clock) {
        this(state, cap, senderName, token, clock, Annotator.NONE);
    }

    public ApiHandler(AlertState state, CapXmlWriter cap, String senderName, String token, Clock clock,
                      Annotator annotator) {
        this.annotator = annotator;
        this.state = state;
        this.cap = cap;
        this.senderName = senderName;
        this.token = new BearerToken(token);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!token.admit(exchange)) {
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                error(exchange, 405, "GET only");
                return;
            }
            route(exchange);
        } catch (InterruptedException | RuntimeException e) {
            HttpReplies.failure(exchange, e, "API request");
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        boolean local = "true".equals(first(query.remove("local")));
        Instant now = clock.instant();
        if (path.equals("/api/alerts") || path.equals("/api/alerts/")) {
            AlertFilter filter = AlertFilter.parse(query, state.reference());
            json(exchange, 200, alertsJson(selectViews(collect(exchange, local), filter, now), local));
        } else if (path.startsWith("/api/alerts/")) {
            String key = decodePath(path.substring("/api/alerts/".length()));
            Optional<AlertView> latest = find(exchange, key, local);
            if (latest.isEmpty()) {
                error(exchange, 404, "no alert with key '" + key + "' in the state");
            } else if (local) {
                json(exchange, 200, Json.mapper().writeValueAsString(latest.get().toJson()));
            } else {
                ObjectNode history = history(latest.get(), now);
                annotator.annotate(latest.get().latest(), history);
                json(exchange, 200, Json.mapper().writeValueAsString(history));
            }
        } else if (path.equals("/api/sites") || path.equals("/api/sites/")) {
            json(exchange, 200, Json.mapper().writeValueAsString(sitesJson()));
        } else if (path.startsWith("/api/sites/") && path.endsWith("/alerts")) {
            String siteId = decodePath(path.substring("/api/sites/".length(), path.length() - "/alerts".length()));
            if (state.reference().site(siteId).isEmpty()) {
                error(exchange, 404, "site '" + siteId + "' is not in the reference data");
                return;
            }
            AlertFilter filter = AlertFilter.parse(withSite(query, siteId), state.reference());
            json(exchange, 200, alertsJson(selectViews(collect(exchange, local), filter, now), local));
        } else if (path.equals("/cap/feed.atom")) {
            AlertFilter f = AlertFilter.parse(query, state.reference());
            AlertFilter all = new AlertFilter(f.country(), f.districtId(), f.nationality(), f.minSeverity(), f.rule(),
                    f.siteId(), true, true);
            List<Alert> entries = AtomFeed.entries(select(messages(collect(exchange, local)), all, now), now);
            respond(exchange, 200, AtomFeed.CONTENT_TYPE, AtomFeed.write(entries, baseUrl(exchange),
                    exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? ""
                            : "?" + exchange.getRequestURI().getRawQuery()), senderName, now));
        } else if (path.startsWith("/cap/alerts/") && path.endsWith(".xml")) {
            String alertId = decodePath(path.substring("/cap/alerts/".length(), path.length() - ".xml".length()));
            int hash = alertId.lastIndexOf('#');
            Optional<Alert> latest = hash <= 0 ? Optional.empty()
                    : find(exchange, alertId.substring(0, hash), local).map(AlertView::latest);
            if (latest.isEmpty()) {
                error(exchange, 404, "no CAP message '" + alertId + "' in the state");
            } else if (!latest.get().alertId().equals(alertId)) {
                error(exchange, 404, "'" + alertId + "' was superseded by '" + latest.get().alertId()
                        + "'; only the latest message of an alert is kept");
            } else {
                respond(exchange, 200, "application/cap+xml; charset=utf-8", cap.write(latest.get()));
            }
        } else {
            error(exchange, 404, "no such resource: " + path);
        }
    }

    /** The reference sites, each with the id of the district the gazetteer puts it in (null when none). */
    private ArrayNode sitesJson() {
        ArrayNode out = Json.mapper().createArrayNode();
        state.reference().sites().stream().sorted(Comparator.comparing(Site::siteId)).forEach(site -> {
            ObjectNode node = Json.mapper().valueToTree(site);
            node.put("district_id", state.reference().districtOf(site).map(District::districtId).orElse(null));
            out.add(node);
        });
        return out;
    }

    private static Map<String, List<String>> withSite(Map<String, List<String>> query, String siteId) {
        Map<String, List<String>> q = new LinkedHashMap<>(query);
        q.put("site", List.of(siteId));
        return q;
    }

    /** Newest {@code sent} first; ties by alert id, so that every instance answers in the same order. */
    static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::sent,
            Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(Alert::alertId);

    static List<Alert> select(List<Alert> alerts, AlertFilter filter, Instant now) {
        return alerts.stream().filter(a -> filter.matches(a, now)).sorted(NEWEST_FIRST).toList();
    }

    /** As {@link #select}, each message with its held change. */
    static List<AlertView> selectViews(List<AlertView> views, AlertFilter filter, Instant now) {
        return views.stream().filter(v -> filter.matches(v.latest(), now))
                .sorted(Comparator.comparing(AlertView::latest, NEWEST_FIRST)).toList();
    }

    private static List<Alert> messages(List<AlertView> views) {
        return views.stream().map(AlertView::latest).toList();
    }

    /**
     * Every latest message with its held change: this instance's, and unless {@code local}, every other instance's
     * (which answers in the same JSON as {@code /api/alerts}, {@code pending} included).
     */
    private List<AlertView> collect(HttpExchange exchange, boolean local) throws IOException, InterruptedException {
        List<AlertView> all = new ArrayList<>(state.latestMessages());
        if (!local) {
            all.addAll(peers.latestMessages(state.peers(), exchange.getRequestHeaders().getFirst("Authorization")));
        }
        return all;
    }

    private Optional<AlertView> find(HttpExchange exchange, String key, boolean local)
            throws IOException, InterruptedException {
        return find(key, local, exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /**
     * The latest message of {@code key} with its held change, from this instance or any other ({@code authorization}
     * is passed on to them); throws {@link AlertState.Unavailable} or a {@link PeerFailure} when that cannot be known.
     */
    public Optional<AlertView> lookup(String key, String authorization) throws IOException, InterruptedException {
        return find(key, false, authorization);
    }

    private Optional<AlertView> find(String key, boolean local, String authorization)
            throws IOException, InterruptedException {
        Optional<AlertView> here = state.latest(key);
        if (here.isPresent() || local) {
            return here;
        }
        return peers.latest(state.peers(), key, authorization);
    }

    /**
     * The latest message, the change held back since (only when there is one) and the list of the key's messages,
     * oldest first (up to 20 earlier ones).
     */
    static ObjectNode history(AlertView view, Instant now) {
        Alert latest = view.latest();
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("key", latest.key());
        out.put("active", AlertFilter.active(latest, now));
        out.set("latest", Json.mapper().valueToTree(latest));
        if (view.pending() != null) {
            out.set(AlertView.PENDING, Json.mapper().valueToTree(view.pending()));
        }
        ArrayNode messages = out.putArray("messages");
        for (Alert.AlertReference r : latest.references()) {
            ObjectNode m = messages.addObject();
            m.put("alert_id", r.alertId());
            m.put("msg_type", r.alertId().endsWith("#1") ? MsgType.Alert.name() : MsgType.Update.name());
            m.put("sent", r.sent() == null ? null : r.sent().toString());
        }
        ObjectNode m = messages.addObject();
        m.put("alert_id", latest.alertId());
        m.put("msg_type", latest.msgType().name());
        m.put("sent", latest.sent() == null ? null : latest.sent().toString());
        return out;
    }

    private String alertsJson(List<AlertView> alerts, boolean local) throws IOException {
        ArrayNode out = Json.mapper().createArrayNode();
        for (AlertView a : alerts) {
            ObjectNode json = a.toJson();
            if (!local) {
                annotator.annotate(a.latest(), json);
            }
            out.add(json);
        }
        return Json.mapper().writeValueAsString(out);
    }

    private static String baseUrl(HttpExchange exchange) {
        String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        String host = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
        if (host == null) {
            host = exchange.getRequestHeaders().getFirst("Host");
        }
        if (host == null) {
            host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        }
        return (proto == null ? "http" : proto) + "://" + host;
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Percent-decodes a path segment; unlike a query string, '+' stays '+' (alert keys contain it: TJ+CN). */
    public static String decodePath(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AlertFilter.BadRequest("bad percent-encoding in '" + raw + "'");
        }
    }

    /** Percent-encodes a path segment ('/', '#' and '+' included; a space as %20). */
    static String encodePath(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        HttpReplies.json(exchange, status, body);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        HttpReplies.error(exchange, status, message);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        HttpReplies.respond(exchange, status, contentType, body);
    }

    /** Another instance did not answer as it should: 502, naming it. */
    public static final class PeerFailure extends RuntimeException {
        PeerFailure(String message) {
            super(message);
        }
    }
}
