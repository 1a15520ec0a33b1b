package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml's consistency with the application, without Docker: CI's compose smoke test (.ci/run) runs it
 * for real where a Docker engine starts, with the images of docker/build-local-images.sh.
 */
class DockerComposeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private final JsonNode compose = read();

  private static JsonNode read() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldGiveTheEngineAConfigurationThatLoadsWithTheComposeServices() {
    JsonNode engine = compose.path("services").path("engine");
    Map<String, String> env = new HashMap<>();
    engine.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    List<String> command = strings(engine.path("command"));
    assertThat(command).startsWith("run", "--config");
    Path config = ROOT.resolve(command.get(2).replace("/app/", ""));
    assertThat(config).exists();

    EngineConfig loaded = EngineConfig.load(config, env);

    assertThat(loaded.get("bootstrap.servers")).isEqualTo("kafka:9092");
    assertThat(loaded.get(SchemaRegistryConfig.URL)).startsWith("http://schema-registry:8080/apis/ccompat/v7");
    assertThat(loaded.topicNames()).isEqualTo(VelocityTopics.TopicNames.defaults());
    assertThat(loaded.streamsProperties().get("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(compose.path("services").has("kafka")).isTrue();
    assertThat(compose.path("services").has("schema-registry")).isTrue();
    assertThat(compose.path("services").path("schema-registry").path("ports").get(0).asText()).endsWith(":8080");
  }

  @Test
  void shouldGiveTheGeneratorACommandTheCliAccepts() {
    List<String> command = strings(compose.path("services").path("generator").path("command"));
    CommandLine.ParseResult parsed = VelocityCli.commandLine(VelocityCli::onClasspath)
        .parseArgs(command.toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("generate");
    assertThat(parsed.subcommand().matchedOptionValue("--bootstrap-servers", "")).isEqualTo("kafka:9092");
  }

  @Test
  void shouldGiveTheEngineAGracePeriodForTheGeneratorsSpeed() {
    // the generator publishes into the running engine: ten seconds of wall time at its speed, as the demo's rule;
    // 3d at one day per second (the earlier file) dead-lettered thousands of events in the compose smoke test
    JsonNode engine = compose.path("services").path("engine");
    Map<String, String> env = new HashMap<>();
    engine.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    EngineConfig loaded = EngineConfig.load(ROOT.resolve(strings(engine.path("command")).get(2).replace("/app/", "")),
        env);
    List<String> command = strings(compose.path("services").path("generator").path("command"));
    double speed = Double.parseDouble(command.get(command.indexOf("--speed") + 1));
    assertThat(loaded.settings().grace())
        .isGreaterThanOrEqualTo(java.time.Duration.ofHours(DemoCommand.demoGraceHours(speed)));
  }

  @Test
  void shouldBuildTheImageFromEveryModuleTheCliNeedsAndStartTheCliThatExists() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    List<String> modules = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).contains("cli", "streams-app", "integration-tests", "benchmarks");
    // every one, also those the image does not build (tests, benchmarks): Maven reads every module of the parent
    // pom before it builds any, and stops at a missing one ("Child module ... does not exist")
    for (String module : modules) {
      assertThat(dockerfile).contains("COPY " + module + " " + module);
      assertThat(ROOT.resolve(module)).isDirectory();
    }
    assertThat(dockerfile).contains("COPY config /app/config");
    assertThat(dockerfile).contains("\"" + VelocityCli.class.getName() + "\"").contains("-pl cli -am")
        .contains("cli/target/runtime-classpath.txt");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void shouldPublishPortsOnLoopbackOnly() {
    compose.path("services").fields().forEachRemaining(service -> service.getValue().path("ports")
        .forEach(port -> assertThat(port.asText()).as(service.getKey()).startsWith("127.0.0.1:")));
  }

  @Test
  void shouldStartTheEngineOnlyOnceKafkaAndTheRegistryAreHealthy() {
    JsonNode services = compose.path("services");
    for (String dependency : List.of("kafka", "schema-registry")) {
      assertThat(services.path(dependency).path("healthcheck").path("test").isArray()).as(dependency).isTrue();
      assertThat(services.path("engine").path("depends_on").path(dependency).path("condition").asText())
          .isEqualTo("service_healthy");
    }
    services.fields().forEachRemaining(s -> assertThat(s.getValue().path("restart").asText()).as(s.getKey())
        .isIn("on-failure", "unless-stopped", "always"));
  }

  @Test
  void shouldStartTheGeneratorOnlyOnceTheEngineIsRunningSoThatItsTopicsAreServed() {
    JsonNode services = compose.path("services");
    assertThat(services.path("generator").path("depends_on").path("engine").path("condition").asText())
        .isEqualTo("service_healthy");
    // healthy means RUNNING, which comes after TopicProvisioner has seen every new partition's leader answer
    assertThat(strings(services.path("engine").path("healthcheck").path("test")))
        .anySatisfy(part -> assertThat(part).contains("/health/ready").contains("\"state\":\"RUNNING\""));
  }

  @Test
  void shouldGiveTheEngineMoreTimeToStopThanItsCloseTakes() {
    String grace = compose.path("services").path("engine").path("stop_grace_period").asText();
    assertThat(EngineConfig.parseDuration(grace)).isGreaterThan(java.time.Duration.ofSeconds(30)); // VelocityEngine.close()
  }

  @Test
  void shouldRunTheKafkaAndRegistryVersionsOfTheBuild() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String kafka = between(pom, "<kafka.version>", "</kafka.version>");
    String apicurio = between(pom, "<apicurio.version>", "</apicurio.version>");
    assertThat(compose.path("services").path("kafka").path("image").asText())
        .isEqualTo("${KAFKA_IMAGE:-apache/kafka:" + kafka + "}");
    assertThat(compose.path("services").path("schema-registry").path("image").asText())
        .isEqualTo("${REGISTRY_IMAGE:-apicurio/apicurio-registry-mem:" + apicurio + "}");
    // the local images are tagged with the same versions
    String script = Files.readString(ROOT.resolve("docker/build-local-images.sh"));
    assertThat(script).contains("$prefix/kafka:" + kafka).contains("$prefix/apicurio-registry-mem:" + apicurio);
  }

  @Test
  void shouldBuildTheEngineOnceAndRunTheGeneratorOnTheSameImage() {
    JsonNode services = compose.path("services");
    String image = services.path("engine").path("image").asText();
    assertThat(image).isEqualTo("${SALESVELOCITY_IMAGE:-salesvelocity:latest}");
    assertThat(services.path("engine").path("build").path("context").asText()).isEqualTo(".");
    assertThat(services.path("generator").path("image").asText()).isEqualTo(image);
    assertThat(services.path("generator").has("build")).isFalse();
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from) + from.length();
    return text.substring(start, text.indexOf(to, start)).trim();
  }
}
