package org.frontierwatch.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentChange;
import org.frontierwatch.reference.Keys;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleBook;

/**
 * Fans each incident change out to the rule groups it touches: for every rule whose filter matches the old or the
 * new version, one {@link GroupChange} per group, keyed {@code ruleId/groupKey}. A revision that moves an incident
 * to another district yields a removal for the old group and an addition for the new one, so nothing is counted
 * twice. The rules are those in force when the change arrives ({@link RuleBook}). Output is repartitioned by that
 * key before evaluation, each change naming its intake partition ({@link SourcePartitionHeader}).
 */
final class RuleGroupRouter implements Processor<byte[], IncidentChange, String, GroupChange> {

    private final RuleBook rules;
    private ProcessorContext<String, GroupChange> context;
    /** This task's intake partition, named on every change for the rule task's watermark. */
    private int partition;

    RuleGroupRouter(RuleBook rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, GroupChange> context) {
        this.context = context;
        this.partition = context.taskId().partition();
    }

    @Override
    public void process(Record<byte[], IncidentChange> record) {
        IncidentChange change = record.value();
        String only = RuleReplay.ruleOf(record.headers());
        for (Rule rule : rules.snapshot().rules()) {
            if (only != null && !only.equals(rule.id())) {
                continue; // a held incident replayed to a rule new to the intake, for that rule alone
            }
            Incident before = matching(rule, change.before());
            Incident after = matching(rule, change.after());
            if (before == null && after == null) {
                continue;
            }
            Map<String, Map<String, String>> beforeGroups = groups(rule, before);
            Map<String, Map<String, String>> afterGroups = groups(rule, after);
            Map<String, Map<String, String>> all = new LinkedHashMap<>(beforeGroups);
            afterGroups.forEach(all::putIfAbsent);
            for (Map.Entry<String, Map<String, String>> g : all.entrySet()) {
                Incident b = beforeGroups.containsKey(g.getKey()) ? before : null;
                Incident a = afterGroups.containsKey(g.getKey()) ? after : null;
                GroupChange out = new GroupChange(rule.id(), g.getKey(), g.getValue(), change.incidentId(), b, a,
                        change.receivedAtMs());
                long time = (a != null ? a : b).occurredAt().toEpochMilli();
                context.forward(new Record<>(rule.id() + "/" + g.getKey(), out, time,
                        SourcePartitionHeader.of(partition)));
            }
        }
    }

    private static Incident matching(Rule rule, Incident incident) {
        return incident != null && rule.filter().matches(incident) ? incident : null;
    }

    /** Group key to group values, one entry per combination of the rule's dimensions' values. */
    static Map<String, Map<String, String>> groups(Rule rule, Incident incident) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        if (incident == null) {
            return result;
        }
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (GroupDimension d : rule.groupBy()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (String value : d.values(incident)) {
                for (Map<String, String> partial : combos) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(d.label(), value);
                    next.add(extended);
                }
            }
            combos = next;
        }
        for (Map<String, String> combo : combos) {
            result.put(groupKey(combo), combo);
        }
        return result;
    }

    /** Values joined by '+', with characters CAP forbids in identifiers (space, comma, &lt;, &amp;) replaced. */
    static String groupKey(Map<String, String> values) {
        StringBuilder key = new StringBuilder();
        for (String v : values.values()) {
            if (key.length() > 0) {
                key.append('+');
            }
            key.append(Keys.replaceEach(v, " \t\n\u000B\f\r,<&/+", '_'));
        }
        return key.toString();
    }
}
