#!/bin/sh
# Creates Frontier Watch's topics and grants its principal what it needs, with Kafka's own tools, for clusters where
# the application may not create topics itself (docs/deployment.md). What `frontier-watch setup` would create on three
# or more brokers: 3 replicas, 2 in sync; the reference and rules topics compacted with one partition; the
# acknowledgements compacted after 7 days and deleted after 30.
#   BOOTSTRAP=kafka-0.kafka:9092 COMMAND_CONFIG=admin.properties PRINCIPAL=User:frontier-watch \
#   PARTITIONS=12 sh deploy/kafka-topics.sh
set -eu
: "${BOOTSTRAP:?set BOOTSTRAP to the brokers, e.g. kafka-0.kafka:9092}"
: "${PRINCIPAL:=User:frontier-watch}"
: "${PARTITIONS:=12}"
: "${APPLICATION_ID:=frontier-watch}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
ADMIN=""
if [ -n "${COMMAND_CONFIG:-}" ]; then
    ADMIN="--command-config $COMMAND_CONFIG"
fi

topic() { # name partitions configs...
    name=$1; partitions=$2; shift 2
    # shellcheck disable=SC2086
    "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" $ADMIN --create --if-not-exists \
        --topic "$name" --partitions "$partitions" --replication-factor 3 --config min.insync.replicas=2 "$@"
}

topic incident-reports "$PARTITIONS"
topic alerts "$PARTITIONS"
topic alerts-cap "$PARTITIONS"
topic incident-reports-dlq "$PARTITIONS"
topic sites 1 --config cleanup.policy=compact
topic nationalities 1 --config cleanup.policy=compact
topic districts 1 --config cleanup.policy=compact
topic rules 1 --config cleanup.policy=compact
topic alert-acks 1 --config cleanup.policy=compact,delete --config min.compaction.lag.ms=604800000 \
    --config retention.ms=2592000000

acl() { # operation resource-options...
    # shellcheck disable=SC2086
    "$KAFKA_BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" $ADMIN --add --allow-principal "$PRINCIPAL" "$@"
}

# Read the reports, the reference data and the rules; write alerts, CAP, dead letters, acknowledgements and (when
# `run` seeds it from the rules file) the rules.
for t in incident-reports sites nationalities districts rules alert-acks; do acl --operation Read --topic "$t"; done
for t in alerts alerts-cap incident-reports-dlq alert-acks rules; do acl --operation Write --topic "$t"; done
for t in incident-reports sites nationalities districts rules alerts alerts-cap incident-reports-dlq alert-acks; do
    acl --operation Describe --topic "$t"
done
# Kafka Streams under the application id: its internal topics, its consumer group, its transactions.
acl --operation All --resource-pattern-type prefixed --topic "$APPLICATION_ID"
acl --operation All --resource-pattern-type prefixed --group "$APPLICATION_ID"
acl --operation All --resource-pattern-type prefixed --transactional-id "$APPLICATION_ID"
acl --operation IdempotentWrite --cluster
