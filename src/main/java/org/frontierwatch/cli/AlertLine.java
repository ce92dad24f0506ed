package org.frontierwatch.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.text.LogSafe;

/**
 * One alert message as one readable line, for people watching a terminal ({@code demo}, {@code run} on a terminal,
 * {@code tail --format text}): type, severity, response, key, headline, the sites and the foreign workers there, e.g.
 * {@code ALERT  Extreme  Evacuate foreign-workers-killed/tj-darvoz/2025-11-30 — Evacuate Chinese workers ... — sites:
 * ... — 35 Chinese workers at 1 site}. The closing AllClear Update of an ended episode shows {@code CLEAR} as its type.
 * Text from reports is escaped (no control character reaches the terminal); colour is optional.
 */
final class AlertLine {

    /** At most this many site names are listed; the rest are counted. */
    static final int MAX_SITES = 3;

    private static final String RESET = "\u001b[0m";

    private AlertLine() {
    }

    static String format(Alert a, boolean colour) {
        AlertContent content = a.content();
        String type = a.isAllClear() ? "CLEAR" : a.msgType().name().toUpperCase(Locale.ROOT);
        String head = String.format("%-6s %-8s %-8s", type, content.severity(), content.response());
        String line = head + " " + LogSafe.escape(a.key()) + " — " + LogSafe.escape(content.headline()) + " — "
                + sites(a) + " — " + LogSafe.escape(content.exposureSummary());
        return colour ? colourOf(a) + head + RESET + line.substring(head.length()) : line;
    }

    static String sites(Alert a) {
        List<AlertContent.AffectedSite> listed = a.content().affectedSites();
        if (listed.isEmpty()) {
            return "no listed site";
        }
        String names = listed.stream().limit(MAX_SITES).map(s -> LogSafe.escape(s.name()))
                .collect(Collectors.joining("; "));
        int more = a.content().affectedSitesTotal() - Math.min(MAX_SITES, listed.size());
        return "sites: " + names + (more > 0 ? " and " + more + " more" : "");
    }

    /** Red for what calls for action now, yellow for what may, green for an all-clear. */
    private static String colourOf(Alert a) {
        if (a.msgType() == MsgType.Cancel || a.isAllClear()) {
            return "\u001b[32m";
        }
        return switch (a.content().severity()) {
            case Extreme -> "\u001b[1;31m";
            case Severe -> "\u001b[31m";
            case Moderate -> "\u001b[33m";
            default -> "\u001b[36m";
        };
    }
}
