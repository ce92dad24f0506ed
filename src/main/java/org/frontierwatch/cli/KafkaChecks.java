package org.frontierwatch.cli;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;

/** Bounded reachability check of a Kafka cluster, turned into one clear error line on failure. */
final class KafkaChecks {

    private KafkaChecks() {
    }

    static void requireReachable(Properties clientProps, Duration timeout) {
        Properties p = new Properties();
        p.putAll(ClientSettings.forClients(clientProps));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        String bootstrap = p.getProperty("bootstrap.servers");
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CliException("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException) {
                throw new CliException("Kafka at " + bootstrap + " refused the credentials: " + cause.getMessage());
            }
            throw new CliException("cannot reach Kafka at " + bootstrap + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while connecting to Kafka at " + bootstrap);
        } catch (KafkaException e) {
            throw new CliException("cannot connect to Kafka at " + bootstrap + ": " + e.getMessage());
        }
    }
}
