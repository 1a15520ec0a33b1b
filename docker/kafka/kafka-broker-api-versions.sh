#!/bin/sh
# As the distribution's script of this name: the broker's API versions (exit code 0 once it answers).
exec java -Xmx128m -Dlogback.configurationFile=/opt/kafka/config/logback.xml -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
