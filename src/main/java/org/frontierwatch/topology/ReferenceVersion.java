package org.frontierwatch.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter the global reference-store updaters bump after every change they make, so that stream threads can keep
 * decoded reference data in memory and drop it as soon as the stores changed. Shared by one topology's updaters and
 * processors; consumes nothing, produces version numbers.
 */
final class ReferenceVersion {

    private final AtomicLong version = new AtomicLong();

    void bump() {
        version.incrementAndGet();
    }

    long current() {
        return version.get();
    }
}
