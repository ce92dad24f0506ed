package org.frontierwatch.serde;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Generic JSON serde for the project's record types (values on topics and in state stores). A null value maps
 * to a null payload both ways, so tombstones pass through untouched.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final ObjectMapper mapper;
    private final JavaType type;

    public JsonSerde(Class<T> type) {
        this.mapper = Json.mapper();
        this.type = mapper.constructType(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type + " as JSON: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type + " from JSON: " + e.getMessage(), e);
            }
        };
    }
}
