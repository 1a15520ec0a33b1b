package io.salesvelocity.generator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.salesvelocity.formats.Durations;
import io.salesvelocity.schemas.LeadSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scenario in YAML ({@code .yaml}, {@code .yml}) or JSON: teams, segments, start, seed and imperfections.
 * Every key is optional except each team's id; what is left out takes the built-in default (teams: the four
 * default teams; a team's parameters: those of the first default team). Unknown keys are errors, so a typo
 * cannot pass silently. See {@code config/scenario.yaml}.
 */
public final class ScenarioFile {
  private ScenarioFile() {
  }

  /** The file's scenario; {@code seed} and {@code start} apply when the file gives none. */
  public static Scenario load(Path path, long seed, Instant start) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    try {
      FileModel m = mapper.readValue(Files.readString(path), FileModel.class);
      return m == null ? Scenario.defaults(seed, start) : m.toScenario(seed, start);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("scenario " + path + ": " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + path, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scenario " + path + ": " + e.getMessage(), e);
    }
  }

  record FileModel(Long seed, String start, Double duplicates, String disorder, Double invalid,
                   List<TeamModel> teams, SegmentsModel segments) {
    Scenario toScenario(long defaultSeed, Instant defaultStart) {
      Scenario base = Scenario.defaults(seed == null ? defaultSeed : seed,
          start == null ? defaultStart : parseStart(start));
      TeamProfile template = base.teams().get(0);
      List<TeamProfile> profiles = teams == null ? base.teams() : teams.stream().map(t -> t.toProfile(template)).toList();
      Segments segs = segments == null ? base.segments() : segments.toSegments(base.segments());
      Duration dis = disorder == null ? base.maxDisorder() : Durations.parse(disorder);
      return new Scenario(profiles, segs, base.start(), base.seed(),
          duplicates == null ? base.duplicateRate() : duplicates, dis, invalid == null ? base.invalidRate() : invalid);
    }

    private static Instant parseStart(String s) {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
    }
  }

  record TeamModel(@JsonProperty(required = true) String id, Double leadsPerDay, List<Double> conversion,
                   Double winRate, DealSize dealSize, StageDays stageDays, Double reassignRate) {
    TeamProfile toProfile(TeamProfile d) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("every team needs an id");
      }
      return new TeamProfile(id, or(leadsPerDay, d.leadsPerDay()), conversion == null ? d.conversion() : conversion,
          or(winRate, d.winRate()), dealSize == null || dealSize.median == null ? d.medianDeal() : dealSize.median,
          dealSize == null || dealSize.sigma == null ? d.dealSigma() : dealSize.sigma,
          stageDays == null || stageDays.mean == null ? d.meanStageDays() : stageDays.mean,
          stageDays == null || stageDays.shape == null ? d.stageShape() : stageDays.shape,
          or(reassignRate, d.reassignRate()));
    }
  }

  record DealSize(Double median, Double sigma) { }

  record StageDays(Double mean, Double shape) { }

  record SegmentsModel(Map<String, Double> industries, Map<String, Double> companySizes,
                       Map<LeadSource, Double> sources, List<String> regions, EffectsModel effects) {
    Segments toSegments(Segments d) {
      Segments.Effects fx = effects == null ? d.effects() : new Segments.Effects(
          or(effects.conversion, d.effects().conversion()), or(effects.win, d.effects().win()),
          or(effects.dealSize, d.effects().dealSize()), or(effects.speed, d.effects().speed()));
      return new Segments(industries == null ? d.industries() : industries,
          companySizes == null ? d.companySizes() : companySizes, sources == null ? d.sources() : sources,
          regions == null ? d.regions() : regions, fx);
    }
  }

  record EffectsModel(Double conversion, Double win, Double dealSize, Double speed) { }

  private static double or(Double v, double fallback) {
    return v == null ? fallback : v;
  }
}
