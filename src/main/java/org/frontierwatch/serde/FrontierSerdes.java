package org.frontierwatch.serde;

import org.apache.kafka.common.serialization.Serde;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.IncidentState;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.state.AlertCodec;
import org.frontierwatch.state.IncidentCodec;

/**
 * The serdes used at every topic and store boundary of the topology. Public formats are JSON ({@link JsonSerde}):
 * reference topics and alerts. What only the processor reads is binary ({@link BinarySerde} over the hand-laid
 * codecs of {@code state}, chosen by the JMH comparison): the incidents store, the repartition topic and the alerts'
 * last messages in the rule-group state (whose other values {@code state.StateCodec} lays out).
 */
public record FrontierSerdes(
        JsonSerde<Site> site,
        JsonSerde<Nationality> nationality,
        JsonSerde<District> district,
        Serde<IncidentState> incidentState,
        Serde<GroupChange> groupChange,
        JsonSerde<Alert> alert,
        Serde<Alert> alertState) {

    public static FrontierSerdes standard() {
        return new FrontierSerdes(new JsonSerde<>(Site.class), new JsonSerde<>(Nationality.class),
                new JsonSerde<>(District.class),
                new BinarySerde<>("incident state", IncidentCodec::encodeState, IncidentCodec::decodeState),
                new BinarySerde<>("group change", IncidentCodec::encodeChange, IncidentCodec::decodeChange),
                new JsonSerde<>(Alert.class), new BinarySerde<>("alert", AlertCodec::encode, AlertCodec::decode));
    }
}
