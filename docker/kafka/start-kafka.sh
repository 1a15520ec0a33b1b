#!/bin/sh
# Writes server.properties from the KAFKA_* environment (KAFKA_FOO_BAR=x -> foo.bar=x), formats the storage the
# first time, then runs the broker in the foreground (it gets the container's signals).
set -eu
config=/opt/kafka/config/server.properties
: > "$config"
env | grep '^KAFKA_' | grep -v '^KAFKA_HEAP_OPTS=' | while IFS='=' read -r name value; do
  key=$(echo "${name#KAFKA_}" | tr 'A-Z' 'a-z' | tr '_' '.')
  echo "$key=$value" >> "$config"
done
grep -q '^log.dirs=' "$config" || echo "log.dirs=/var/lib/kafka/data" >> "$config"
dir=$(sed -n 's/^log\.dirs=//p' "$config" | cut -d, -f1)
cp=/opt/kafka/libs/*
logging=-Dlogback.configurationFile=/opt/kafka/config/logback.xml
if [ ! -f "$dir/meta.properties" ]; then
  java "$logging" -cp "$cp" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$config" --ignore-formatted
fi
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} "$logging" -cp "$cp" kafka.Kafka "$config"
