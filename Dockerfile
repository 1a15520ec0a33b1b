# The engine and the generator as one image: `velocity run` and `velocity generate`. The dev stack (embedded
# broker and registry), the backtest and Kafka's tools (behind `velocity reset`) are not in it. Used by
# docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY formats formats
COPY load-generator load-generator
COPY streams-app streams-app
COPY serving serving
COPY backtest backtest
COPY devstack devstack
COPY cli cli
# not built into the image, but Maven reads every module of the parent pom before it builds any
COPY integration-tests integration-tests
COPY benchmarks benchmarks
# cli's runtime classpath leaves out its provided dependencies (devstack, backtest, kafka-tools) and all they pull in
RUN mvn -q -B -DskipTests install -pl cli -am \
 && mkdir -p /app/lib \
 && cp -r cli/target/classes /app/classes \
 && tr ':' '\n' < cli/target/runtime-classpath.txt | xargs -I{} cp {} /app/lib/

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /app /app
COPY config /app/config
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.salesvelocity"
# the query API, health checks and metrics (velocity.http.listen; the image listens on every interface)
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-cp", "/app/classes:/app/lib/*", "io.salesvelocity.cli.VelocityCli"]
CMD ["--help"]
