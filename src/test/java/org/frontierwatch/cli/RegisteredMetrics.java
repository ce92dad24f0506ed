package org.frontierwatch.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names under which Frontier Watch's own meters reach Prometheus: consumes the main sources (every
 * {@code Counter}, {@code Gauge}, {@code Timer} or {@code DistributionSummary} builder, and PipelineMetrics'
 * {@code counter(...)} helper, given a {@code frontierwatch.} name), produces each metric family's exported name by
 * registering a meter of that type and name in a Prometheus registry and reading the scrape's {@code # TYPE} lines.
 */
final class RegisteredMetrics {

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\"(frontierwatch\\.[a-z.]+)\"");
    private static final Pattern COUNTER_HELPER = Pattern.compile("\\bcounter\\(\"(frontierwatch\\.[a-z.]+)\"");
    private static final Pattern TYPE_LINE = Pattern.compile("(?m)^# TYPE (\\S+) \\S+$");

    private RegisteredMetrics() {
    }

    /** Prometheus family names of the meters the main sources register, without the derived {@code _max}. */
    static Set<String> fromSources(Path mainSources) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Set<String> timers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(mainSources)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher b = BUILDER.matcher(source);
                while (b.find()) {
                    register(registry, b.group(1), b.group(2), timers);
                }
                Matcher c = COUNTER_HELPER.matcher(source);
                while (c.find()) {
                    register(registry, "Counter", c.group(1), timers);
                }
            }
        }
        Set<String> names = families(registry);
        // A timer also exports its maximum as a gauge family <name>_max; that is the timer's, not a metric of its own.
        timers.forEach(t -> names.remove(t + "_max"));
        return names;
    }

    /** The Frontier Watch metric families a registry's scrape holds. */
    static Set<String> families(PrometheusMeterRegistry registry) {
        Set<String> names = new TreeSet<>();
        Matcher m = TYPE_LINE.matcher(registry.scrape());
        while (m.find()) {
            if (m.group(1).startsWith("frontierwatch_")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void register(MeterRegistry registry, String type, String name, Set<String> timers) {
        switch (type) {
            case "Counter" -> Counter.builder(name).register(registry);
            case "Gauge" -> Gauge.builder(name, () -> 0).register(registry);
            case "Timer" -> {
                Timer t = Timer.builder(name).register(registry);
                timers.add(registry.config().namingConvention().name(name, t.getId().getType(), "seconds"));
            }
            case "DistributionSummary" -> DistributionSummary.builder(name).register(registry);
            default -> throw new IllegalArgumentException(type);
        }
    }
}
