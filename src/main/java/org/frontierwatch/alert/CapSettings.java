package org.frontierwatch.alert;

/**
 * The CAP 1.2 envelope fields that come from configuration rather than from a rule: the sender identifier, the
 * status (Actual, Exercise, System, Test, Draft), the scope (Public, Restricted, Private), and the circle radius
 * drawn around each affected site.
 */
public record CapSettings(String sender, String senderName, String status, String scope, String language,
                          double siteRadiusKm) {

    public static final CapSettings DEFAULT =
            new CapSettings("frontier-watch", "Frontier Watch", "Actual", "Public", "en", 10.0);
}
