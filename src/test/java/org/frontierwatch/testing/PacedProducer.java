package org.frontierwatch.testing;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.testing.ScenarioGenerator.Sent;

/**
 * Sends generated records in order over a given duration from a thread of its own (an idempotent producer with
 * acks=all, so that order within a partition survives retries and broker bounces); or all at once.
 */
public final class PacedProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private Thread thread;

    public PacedProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // It writes to topics created just before: one request in flight, see broker.FreshTopicProducers.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        // Ride out a broker that is down for a while.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends everything now and waits for the acknowledgements. */
    public void sendAll(List<Sent> records) {
        records.forEach(this::send);
        producer.flush();
        check();
    }

    /** Starts sending {@code records} evenly over {@code over}. */
    public void start(List<Sent> records, Duration over) {
        long start = System.nanoTime();
        long perRecord = over.toNanos() / Math.max(1, records.size());
        thread = new Thread(() -> {
            try {
                for (int i = 0; i < records.size(); i++) {
                    long due = start + i * perRecord;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing the offered load, not synchronisation
                    }
                    send(records.get(i));
                }
                producer.flush();
            } catch (Exception e) {
                failure.set(e);
            }
        }, "paced-producer");
        thread.setDaemon(true);
        thread.start();
    }

    private void send(Sent s) {
        producer.send(new ProducerRecord<>(s.topic(), s.partition(), s.key(), s.value()), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                sent.incrementAndGet();
            }
        });
    }

    /** Records acknowledged so far. */
    public int acknowledged() {
        return sent.get();
    }

    public boolean sending() {
        return thread != null && thread.isAlive();
    }

    public void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("producer still sending after " + timeout + " (" + sent.get() + " acknowledged)");
        }
        check();
    }

    private void check() {
        if (failure.get() != null) {
            throw new AssertionError("producer failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        producer.close(Duration.ofSeconds(10));
    }
}
