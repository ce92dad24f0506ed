package org.frontierwatch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.frontierwatch.alert.XmlText;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;

/**
 * Writes the Atom feed (RFC 4287) CAP aggregators poll: one entry per alert key's latest CAP message, newest first,
 * each linking to its CAP document ({@code application/cap+xml}). A key's latest message stays in the feed while it
 * is active and for {@link #ENDED_RETENTION} after it was cancelled, closed by the AllClear Update of its ended
 * episode (whose entry title says "All clear") or expired; an older message of a key leaves the feed when a newer
 * one supersedes it (only the latest is kept in the state). At most {@link #MAX_ENTRIES} entries, so the feed stays
 * well under a megabyte whatever the number of alerts.
 */
public final class AtomFeed {

    public static final Duration ENDED_RETENTION = Duration.ofHours(48);
    public static final int MAX_ENTRIES = 300;
    public static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";

    private AtomFeed() {
    }

    /** The messages the feed shows at {@code now}, newest first, bounded. */
    public static List<Alert> entries(List<Alert> latestMessages, Instant now) {
        return latestMessages.stream().filter(a -> inFeed(a, now)).sorted(ApiHandler.NEWEST_FIRST)
                .limit(MAX_ENTRIES).toList();
    }

    static boolean inFeed(Alert a, Instant now) {
        Instant ended = a.msgType() == MsgType.Cancel || a.isAllClear() ? a.sent()
                : a.expires() != null && !a.expires().isAfter(now) ? a.expires() : null;
        return ended == null || ended.plus(ENDED_RETENTION).isAfter(now);
    }

    /** The path of a message's CAP document under the API ({@code alert_id} percent-encoded, '/' and '#' included). */
    public static String capPath(String alertId) {
        return "/cap/alerts/" + ApiHandler.encodePath(alertId) + ".xml";
    }

    /** The feed document; {@code baseUrl} (no trailing slash) prefixes the links, {@code selfPath} is the request. */
    public static String write(List<Alert> entries, String baseUrl, String selfPath, String senderName, Instant now) {
        StringBuilder w = new StringBuilder(1024 + entries.size() * 900);
        w.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">");
        element(w, "id", "urn:frontier-watch:feed:" + baseUrl + selfPath);
        element(w, "title", senderName + " alerts (CAP 1.2)");
        Instant updated = entries.stream().map(Alert::sent).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(now);
        element(w, "updated", atomTime(updated));
        w.append("<author>");
        element(w, "name", senderName);
        w.append("</author>");
        link(w, "self", "application/atom+xml", baseUrl + selfPath);
        for (Alert a : entries) {
            AlertContent content = a.content();
            w.append("\n<entry>");
            element(w, "id", "urn:frontier-watch:alert:" + a.alertId());
            element(w, "title", title(a));
            element(w, "updated", atomTime(a.sent() != null ? a.sent() : now));
            if (content.severity() != null) {
                w.append("<category term=\"");
                XmlText.append(w, content.severity().name(), true);
                w.append("\" label=\"severity\"/>");
            }
            // What to do, then whom it concerns: a feed reader shows the summary alone.
            element(w, "summary", content.instruction() + " Exposed: " + content.exposureSummary() + ".");
            link(w, "alternate", "application/cap+xml", baseUrl + capPath(a.alertId()));
            w.append("</entry>");
        }
        w.append("\n</feed>\n");
        return w.toString();
    }

    /**
     * The entry title: the headline, after the message type unless it is the first {@code Alert}; the closing
     * AllClear Update of an ended episode says "All clear" instead of "Update".
     */
    static String title(Alert a) {
        String type = a.isAllClear() ? "All clear: " : a.msgType() == MsgType.Alert ? "" : a.msgType() + ": ";
        return type + a.content().headline();
    }

    private static String atomTime(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void element(StringBuilder w, String name, String text) {
        w.append('<').append(name).append('>');
        XmlText.append(w, text, false);
        w.append("</").append(name).append('>');
    }

    private static void link(StringBuilder w, String rel, String type, String href) {
        w.append("<link rel=\"").append(rel).append("\" type=\"").append(type).append("\" href=\"");
        XmlText.append(w, href, true);
        w.append("\"/>");
    }
}
