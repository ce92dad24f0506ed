package org.frontierwatch.console;

import org.frontierwatch.model.ResponseType;

/**
 * Orders CAP 1.2 response types by what they ask of people on site, most demanding highest: Evacuate, Shelter, Avoid,
 * Prepare, Execute, Monitor, Assess, then AllClear and None. CAP itself defines no order; this is the console's, used
 * to colour a site by the worst advisory covering it and to decide whether an Update raised the level.
 */
public final class ResponseLevels {

    private static final ResponseType[] ASCENDING = {ResponseType.None, ResponseType.AllClear, ResponseType.Assess,
        ResponseType.Monitor, ResponseType.Execute, ResponseType.Prepare, ResponseType.Avoid, ResponseType.Shelter,
        ResponseType.Evacuate};

    private ResponseLevels() {
    }

    /** 0 for none or unknown, up to 8 for Evacuate. */
    public static int rank(ResponseType response) {
        for (int i = 0; i < ASCENDING.length; i++) {
            if (ASCENDING[i] == response) {
                return i;
            }
        }
        return 0;
    }
}
