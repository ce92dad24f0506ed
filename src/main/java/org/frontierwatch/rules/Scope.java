package org.frontierwatch.rules;

/**
 * Which sites an alert asks to act on.
 * <ul>
 *   <li>{@code SITE}: the sites the evidence names ({@code site_id}).</li>
 *   <li>{@code DISTRICT}: every site in the evidence's districts.</li>
 *   <li>{@code DISTRICT_VICTIM_NATIONALITY}: sites in those districts employing the victims' nationality.</li>
 *   <li>{@code BORDER_DISTRICTS_VICTIM_NATIONALITY}: sites employing the victims' nationality in every district of
 *       the incident country that borders the attackers' origin country.</li>
 * </ul>
 */
public enum Scope {
    SITE, DISTRICT, DISTRICT_VICTIM_NATIONALITY, BORDER_DISTRICTS_VICTIM_NATIONALITY;

    public boolean byNationality() {
        return this == DISTRICT_VICTIM_NATIONALITY || this == BORDER_DISTRICTS_VICTIM_NATIONALITY;
    }
}
