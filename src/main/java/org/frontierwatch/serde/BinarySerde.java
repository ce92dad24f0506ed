package org.frontierwatch.serde;

import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde over a hand-laid binary codec (the state values and the repartition records, see {@code state}): consumes
 * and produces what the codec's two functions do; null maps to null both ways, so tombstones pass through.
 */
public final class BinarySerde<T> implements Serde<T> {

    private final String what;
    private final Function<T, byte[]> encode;
    private final Function<byte[], T> decode;

    public BinarySerde(String what, Function<T, byte[]> encode, Function<byte[], T> decode) {
        this.what = what;
        this.encode = encode;
        this.decode = decode;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return decode.apply(data);
            } catch (RuntimeException e) {
                throw new SerializationException("cannot read " + what + " (" + data.length + " bytes): "
                        + e.getMessage(), e);
            }
        };
    }
}
