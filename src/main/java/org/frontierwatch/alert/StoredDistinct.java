package org.frontierwatch.alert;

import org.frontierwatch.state.GroupStore;
import org.frontierwatch.state.IncidentEntry;

/** The distinct values of the newest window counted in the store, one read and write per value. */
final class StoredDistinct {
    private final GroupStore store;
    private final String group;
    private int size;

    StoredDistinct(GroupStore store, String group, int size) {
        this.store = store;
        this.group = group;
        this.size = size;
    }

    void add(IncidentEntry e) {
        for (String v : e.metricValues()) {
            int n = store.windowValueCount(group, v);
            if (n == 0) {
                size++;
            }
            store.putWindowValueCount(group, v, n + 1);
        }
    }

    void remove(IncidentEntry e) {
        for (String v : e.metricValues()) {
            int n = store.windowValueCount(group, v);
            if (n == 1) {
                size--;
            }
            if (n > 0) {
                store.putWindowValueCount(group, v, n - 1);
            }
        }
    }

    int size() {
        return size;
    }
}
