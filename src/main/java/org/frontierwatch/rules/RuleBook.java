package org.frontierwatch.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules in force on one processor: consumes rule definitions (the rules file at start, then each valid record
 * of the rules topic), produces immutable {@link Snapshot}s that stream threads read without locking. Written by one
 * thread (the global thread that follows the rules topic), read by all; every change makes a new snapshot with a
 * higher {@link Snapshot#version()}, so a reader notices a change by comparing one number.
 */
public final class RuleBook {

    /** The rules in force at one moment, in the order they were first defined, and a number that grows per change. */
    public record Snapshot(long version, List<Rule> rules, Map<String, Rule> byId) {

        public Rule get(String id) {
            return byId.get(id);
        }
    }

    private volatile Snapshot current;

    public RuleBook(List<Rule> initial) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        initial.forEach(r -> byId.put(r.id(), r));
        current = snapshot(0, byId);
    }

    public Snapshot snapshot() {
        return current;
    }

    /** Puts a rule in force: replaces the rule of the same id where it stood, or adds it at the end. */
    public synchronized void put(Rule rule) {
        Map<String, Rule> byId = new LinkedHashMap<>(current.byId());
        byId.put(rule.id(), rule);
        current = snapshot(current.version() + 1, byId);
    }

    /** Takes a rule out of force; false when no rule has that id. */
    public synchronized boolean remove(String id) {
        if (!current.byId().containsKey(id)) {
            return false;
        }
        Map<String, Rule> byId = new LinkedHashMap<>(current.byId());
        byId.remove(id);
        current = snapshot(current.version() + 1, byId);
        return true;
    }

    private static Snapshot snapshot(long version, Map<String, Rule> byId) {
        return new Snapshot(version, List.copyOf(new ArrayList<>(byId.values())),
                Collections.unmodifiableMap(byId));
    }
}
