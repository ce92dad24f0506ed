package org.frontierwatch.serde;

import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.GroupState;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.model.IncidentState;

/** The serdes used at every topic and store boundary of the topology, all built on {@link JsonSerde}. */
public record FrontierSerdes(
        JsonSerde<Site> site,
        JsonSerde<Nationality> nationality,
        JsonSerde<District> district,
        JsonSerde<IncidentState> incidentState,
        JsonSerde<GroupChange> groupChange,
        JsonSerde<GroupState> groupState,
        JsonSerde<Alert> alert) {

    public static FrontierSerdes json() {
        return new FrontierSerdes(new JsonSerde<>(Site.class), new JsonSerde<>(Nationality.class),
                new JsonSerde<>(District.class), new JsonSerde<>(IncidentState.class),
                new JsonSerde<>(GroupChange.class), new JsonSerde<>(GroupState.class), new JsonSerde<>(Alert.class));
    }
}
