package org.frontierwatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * Makes third-party meters (Kafka clients and Streams, Micrometer's process binders) pass
 * {@code promtool check metrics}: meters measured in nanoseconds or milliseconds under such a name (Kafka's
 * {@code *-time-ns-total}, {@code *-since-ms}) are not exported, since Prometheus wants seconds and renaming would
 * misstate their values; a meter without help text gets one; gauges that would end in {@code _count} are exported
 * under another name by {@link ExportNames}. The renaming is done at export, not here: Micrometer's Kafka binder
 * looks its meters up by Kafka's names whenever the client's metrics change, and a meter renamed in the registry
 * was not found, so it was registered again ("This Gauge has been already registered").
 */
final class PrometheusNaming implements MeterFilter {

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String n = id.getName();
        boolean subSecondUnit = n.equals("process.cpu.time") || n.contains(".time.ns") || n.endsWith(".ns")
                || n.contains(".ns.")
                || n.endsWith(".ms") || n.contains(".ms.");
        return subSecondUnit ? MeterFilterReply.DENY
                : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description != null && !description.isBlank()) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                "Kafka/JVM metric " + rename(id.getName()), id.getType());
    }

    /** Prometheus' naming, after {@link #rename}: the registry keeps the meters' own names. */
    static final class ExportNames extends PrometheusNamingConvention {
        @Override
        public String name(String name, Meter.Type type, String baseUnit) {
            return super.name(rename(name), type, baseUnit);
        }
    }

    static String rename(String name) {
        String n = name;
        if (n.endsWith(".connection.count")) {
            n = n.substring(0, n.length() - ".connection.count".length()) + ".connections";
        } else if (n.endsWith(".buffer.count")) {
            n = n.substring(0, n.length() - ".buffer.count".length()) + ".buffered.records";
        } else if (n.equals("system.cpu.count")) {
            n = "system.cpu.cores";
        }
        return n;
    }
}
