package org.frontierwatch.rules;

/**
 * Which sites an alert asks to act on.
 * <ul>
 *   <li>{@code SITE}: the sites the evidence names ({@code site_id}).</li>
 *   <li>{@code DISTRICT}: every site in the evidence's districts (and in the group's district, for neighbour
 *       windows).</li>
 *   <li>{@code DISTRICT_VICTIM_NATIONALITY}: sites in those districts employing the victims' nationality.</li>
 *   <li>{@code BORDER_DISTRICTS_VICTIM_NATIONALITY}: sites employing the victims' nationality in every district of
 *       the incident country that borders the attackers' origin country.</li>
 *   <li>{@code RADIUS}: every site within the level's (or rule's) {@code radius_km} of an incident, in any district
 *       or country, the radius widened for approximate places; an incident without usable coordinates covers its
 *       district's sites instead.</li>
 * </ul>
 */
public enum Scope {
    SITE, DISTRICT, DISTRICT_VICTIM_NATIONALITY, BORDER_DISTRICTS_VICTIM_NATIONALITY, RADIUS;

    public boolean byNationality() {
        return this == DISTRICT_VICTIM_NATIONALITY || this == BORDER_DISTRICTS_VICTIM_NATIONALITY;
    }
}
