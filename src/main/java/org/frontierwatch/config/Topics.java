package org.frontierwatch.config;

/**
 * The names of the topics Frontier Watch reads and writes; every one is configurable. {@code acknowledgements} holds
 * the operator console's acknowledgements of alerts (compacted, key = alert key).
 */
public record Topics(String incidentReports, String sites, String nationalities, String districts, String alerts,
                     String alertsCap, String deadLetter, String acknowledgements) {

    public static final Topics DEFAULT = new Topics("incident-reports", "sites", "nationalities", "districts",
            "alerts", "alerts-cap", "incident-reports-dlq", "alert-acks");
}
