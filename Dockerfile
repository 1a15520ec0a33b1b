# The engine and the generator as one image: `velocity run`, `velocity generate`, `velocity import` and
# `velocity publish`. The dev stack (embedded broker and registry), the backtest and Kafka's tools (behind
# `velocity reset`) are not in it. Used by docker-compose.yml.
#
# Build arguments (defaults: the upstream images):
#   BUILD_IMAGE    a JDK 17 with Maven (maven:3.9-eclipse-temurin-17)
#   RUNTIME_IMAGE  a Java 17 runtime (eclipse-temurin:17-jre)
#   EXTRA_CA_CERTS PEM certificates the build stage trusts when it fetches from Maven Central, for a build behind a
#                  TLS-inspecting proxy: --build-arg EXTRA_CA_CERTS="$(cat /usr/local/share/ca-certificates/*.crt)"
# docker/build-local-images.sh builds both images from Debian's packages where no registry can be reached.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
ARG EXTRA_CA_CERTS=""
# each certificate of EXTRA_CA_CERTS into the JDK's trust store (keytool takes one certificate per file)
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
      mkdir -p /tmp/extra-ca \
      && printf '%s\n' "$EXTRA_CA_CERTS" | awk '/BEGIN CERTIFICATE/ {n++} n {print > ("/tmp/extra-ca/" n ".pem")}' \
      && for f in /tmp/extra-ca/*.pem; do \
           keytool -importcert -noprompt -cacerts -storepass changeit -alias "extra-ca-$(basename "$f" .pem)" \
             -file "$f" > /dev/null; \
         done \
      && rm -rf /tmp/extra-ca; \
    fi
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY formats formats
COPY load-generator load-generator
COPY streams-app streams-app
COPY serving serving
COPY backtest backtest
COPY imports imports
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

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app /app
COPY config /app/config
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.salesvelocity"
# the query API, health checks and metrics (velocity.http.listen; the image listens on every interface)
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-cp", "/app/classes:/app/lib/*", "io.salesvelocity.cli.VelocityCli"]
CMD ["--help"]
