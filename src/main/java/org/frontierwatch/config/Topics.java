package org.frontierwatch.config;

/** The names of the topics Frontier Watch reads and writes; every one is configurable. */
public record Topics(String incidentReports, String sites, String nationalities, String districts, String alerts,
                     String alertsCap, String deadLetter) {

    public static final Topics DEFAULT = new Topics("incident-reports", "sites", "nationalities", "districts",
            "alerts", "alerts-cap", "incident-reports-dlq");
}
