package org.frontierwatch.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.frontierwatch.reference.ReferenceData;

/** Opens the three global reference stores from a processor's context. */
final class TopologyReferences {

    private TopologyReferences() {
    }

    /** Reference data for one processor, its decoded lookups kept until the stores change ({@code version}). */
    static ReferenceData from(ProcessorContext<?, ?> context, ReferenceVersion version) {
        return new StoreReferenceData(context.getStateStore(Names.SITES_STORE),
                context.getStateStore(Names.NATIONALITIES_STORE), context.getStateStore(Names.DISTRICTS_STORE),
                version);
    }
}
