package org.frontierwatch.serde;

import org.apache.kafka.common.serialization.Serde;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.model.IncidentState;

/**
 * The serdes used at every topic and store boundary of the topology: JSON ({@link JsonSerde}) on topics and for
 * reference data; {@code alertState} is the form a rule group keeps its alerts' last messages in. The rule groups'
 * other state values have their own binary layout ({@code state.StateCodec}).
 */
public record FrontierSerdes(
        JsonSerde<Site> site,
        JsonSerde<Nationality> nationality,
        JsonSerde<District> district,
        JsonSerde<IncidentState> incidentState,
        JsonSerde<GroupChange> groupChange,
        JsonSerde<Alert> alert,
        Serde<Alert> alertState) {

    public static FrontierSerdes json() {
        return new FrontierSerdes(new JsonSerde<>(Site.class), new JsonSerde<>(Nationality.class),
                new JsonSerde<>(District.class), new JsonSerde<>(IncidentState.class),
                new JsonSerde<>(GroupChange.class), new JsonSerde<>(Alert.class), new JsonSerde<>(Alert.class));
    }
}
