package org.frontierwatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Makes third-party meters (Kafka clients and Streams, Micrometer's process binders) pass
 * {@code promtool check metrics}: meters measured in nanoseconds or milliseconds under such a name (Kafka's
 * {@code *-time-ns-total}, {@code *-since-ms}) are not exported, since Prometheus wants seconds and renaming would
 * misstate their values; gauges that would end in {@code _count} are renamed; a meter without help text gets one.
 */
final class PrometheusNaming implements MeterFilter {

    @Override
    public io.micrometer.core.instrument.config.MeterFilterReply accept(Meter.Id id) {
        String n = id.getName();
        boolean subSecondUnit = n.equals("process.cpu.time") || n.contains(".time.ns") || n.endsWith(".ns") || n.contains(".ns.")
                || n.endsWith(".ms") || n.contains(".ms.");
        return subSecondUnit ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
                : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        String renamed = rename(name);
        String description = id.getDescription();
        if ((description == null || description.isBlank())) {
            description = "Kafka/JVM metric " + renamed;
        }
        if (renamed.equals(name) && description.equals(id.getDescription())) {
            return id;
        }
        return new Meter.Id(renamed, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
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
