package org.frontierwatch.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.frontierwatch.model.District;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.Scope;

/**
 * Checks loaded rules against reference data (consumes rules, the nationality codes and the gazetteer; produces
 * problem lines in {@link ConfigException}'s format): filters must name known nationalities and countries with
 * districts, and a border scope needs districts that list borders. Used by {@code rules check --reference-dir}.
 */
public final class RuleReferenceCheck {

    private RuleReferenceCheck() {
    }

    /**
     * @param file      the rules file, for the messages
     * @param rules     the rules in file order (their index names them as the loader does)
     * @param refSource the reference directory, for the messages
     */
    public static List<String> problems(String file, List<Rule> rules, Set<String> nationalityCodes,
                                        Collection<District> districts, String refSource) {
        List<String> problems = new ArrayList<>();
        Set<String> districtCountries = new TreeSet<>();
        Set<String> borderCountries = new TreeSet<>();
        for (District d : districts) {
            districtCountries.add(d.country());
            if (!d.borders().isEmpty()) {
                borderCountries.add(d.country());
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            String where = "rules[" + i + "] (id=" + rule.id() + ")";
            for (String code : new TreeSet<>(rule.filter().victimNationalities())) {
                if (!nationalityCodes.contains(code)) {
                    problems.add(message(file, where + ".filter.victim_nationalities", "'" + code
                            + "' is not a nationality in " + refSource + "/nationalities.jsonl"));
                }
            }
            for (String code : new TreeSet<>(rule.filter().countries())) {
                if (!nationalityCodes.contains(code)) {
                    problems.add(message(file, where + ".filter.country", "'" + code
                            + "' is not a nationality in " + refSource + "/nationalities.jsonl"));
                }
                if (!districtCountries.contains(code)) {
                    problems.add(message(file, where + ".filter.country", "'" + code
                            + "' has no district in " + refSource + "/districts.jsonl"));
                }
            }
            if (rule.scope() == Scope.BORDER_DISTRICTS_VICTIM_NATIONALITY) {
                Set<String> countries = rule.filter().countries().isEmpty() ? districtCountries
                        : new TreeSet<>(rule.filter().countries());
                if (countries.stream().noneMatch(borderCountries::contains)) {
                    problems.add(message(file, where + ".scope", "border_districts_victim_nationality needs "
                            + "districts that list 'borders', but no district "
                            + (rule.filter().countries().isEmpty() ? "" : "of " + countries + " ")
                            + "in " + refSource + "/districts.jsonl does"));
                }
            }
        }
        return problems;
    }

    private static String message(String file, String key, String problem) {
        return new ConfigException(file, key, problem).getMessage();
    }
}
