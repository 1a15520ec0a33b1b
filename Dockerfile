# The engine and the generator as one image (./velocity's CLI). Used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY load-generator load-generator
COPY streams-app streams-app
RUN mvn -q -B -DskipTests install \
 && mkdir -p /app/lib \
 && cp streams-app/target/classes -r /app/classes \
 && tr ':' '\n' < streams-app/target/runtime-classpath.txt | xargs -I{} cp {} /app/lib/

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /app /app
COPY config /app/config
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.salesvelocity"
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-cp", "/app/classes:/app/lib/*", "io.salesvelocity.velocity.cli.VelocityCli"]
CMD ["--help"]
