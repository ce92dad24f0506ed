package org.frontierwatch.config;

/**
 * The names of the topics Frontier Watch reads and writes; every one is configurable. {@code acknowledgements} holds
 * the operator console's acknowledgements of alerts (compacted, key = alert key); {@code rules} the rules in force
 * (compacted, key = rule id, a tombstone takes a rule out of force).
 */
public record Topics(String incidentReports, String sites, String nationalities, String districts, String alerts,
                     String alertsCap, String deadLetter, String acknowledgements, String rules) {

    public static final Topics DEFAULT = new Topics("incident-reports", "sites", "nationalities", "districts",
            "alerts", "alerts-cap", "incident-reports-dlq", "alert-acks", "rules");
}
