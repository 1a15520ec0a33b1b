package io.salesvelocity.velocity.state;

import io.salesvelocity.formats.Varints;
import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.lead.LeadForecast;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists of parts (what a lead's changes bring a team at an instant: a delta, its segments, funnel facts) in compact
 * bytes: the team-deltas batches, the lead tasks' outbox, the teams' logs by day. Each string (a segment value, a
 * rep, a lead) is written once per value and referred to by number after, as it comes ({@link Encoder}), so that a
 * value can grow a part at a time without being written again; instants are written as the distance from the part
 * before, a visit's beginning as its distance from its part. The first byte is the format.
 *
 * <p>Layout, after the format byte, part after part to the end: time (zig-zag distance from the previous part's),
 * a flags byte (delta, segments, funnel facts, flow), then those present: a byte saying which of the delta's six figures are
 * not zero and those figures (cents for the won amount), five string references of the segments, and the facts (kind, count, stage, then an exit's duration and
 * whether it advanced, or a visit's beginning, lead and rep, a leaving's resolution, the amount), and the flow (a byte
 * saying which of the team's and all leads' flows are there, then each: a number saying which of its twelve figures
 * are not zero, and those, amounts as decimals), and the forecast parts (their number, then each: kind, stage + 1,
 * horizon, count, amount, leads without an estimate). A string reference
 * is 0 for none, an odd number 2k+1 for a string written next (it gets the next number), an even number 2k+2 for
 * string number k.
 */
public final class PartsCodec {
  static final byte FORMAT = 0x50;
  private static final int DELTA = 1;
  private static final int TAG = 2;
  private static final int FUNNEL = 4;
  private static final int FLOW = 8;
  private static final int FORECAST = 16;
  private static final int EXIT = 0;
  private static final int ARRIVE = 1;
  private static final int LEAVE = 2;
  private static final Resolution[] RESOLUTIONS = Resolution.values();
  private static final LeadForecast.Kind[] KINDS = LeadForecast.Kind.values();

  private PartsCodec() {
  }

  /** The bytes of {@code parts}. */
  public static byte[] encode(List<TeamDelta> parts) {
    Encoder e = new Encoder();
    for (TeamDelta part : parts) {
      e.add(part);
    }
    return e.bytes();
  }

  /** The parts of {@code bytes}. */
  public static List<TeamDelta> decode(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != FORMAT) {
      throw new IllegalArgumentException("not a list of parts of format " + FORMAT);
    }
    Varints.Reader in = new Varints.Reader(bytes, 1);
    List<String> strings = new ArrayList<>();
    List<TeamDelta> out = new ArrayList<>();
    long time = 0;
    while (in.more()) {
      time += in.zigzag();
      int flags = in.readByte();
      Delta delta = Delta.ZERO;
      if ((flags & DELTA) != 0) {
        int present = in.readByte();
        delta = Delta.of((present & 1) == 0 ? 0 : in.zigzag(), (present & 2) == 0 ? 0 : in.zigzag(),
            (present & 4) == 0 ? 0 : in.zigzag(), (present & 8) == 0 ? BigDecimal.ZERO : in.amount(),
            (present & 16) == 0 ? 0 : in.zigzag(), (present & 32) == 0 ? 0 : in.zigzag());
      }
      SegmentTag tag = null;
      if ((flags & TAG) != 0) {
        tag = new SegmentTag(string(in, strings), string(in, strings), string(in, strings), string(in, strings),
            string(in, strings));
      }
      FunnelChange funnel = null;
      if ((flags & FUNNEL) != 0) {
        int n = in.count();
        FunnelFact[] facts = new FunnelFact[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
          int kind = in.readByte();
          counts[i] = (int) in.zigzag();
          int stage = in.count();
          facts[i] = switch (kind) {
            case EXIT -> new FunnelFact.Exit(stage, in.zigzag(), in.flag());
            case ARRIVE -> new FunnelFact.Arrive(visit(in, stage, time, strings), in.amount());
            case LEAVE -> {
              Visit v = visit(in, stage, time, strings);
              yield new FunnelFact.Leave(v, RESOLUTIONS[in.count()], in.amount());
            }
            default -> throw new IllegalArgumentException("not a funnel fact: kind " + kind);
          };
        }
        funnel = FunnelChange.ofCounts(facts, counts, n);
      }
      FlowPart flow = null;
      if ((flags & FLOW) != 0) {
        int which = in.readByte();
        flow = new FlowPart((which & 1) == 0 ? Flow.ZERO : flow(in), (which & 2) == 0 ? Flow.ZERO : flow(in));
      }
      ForecastParts forecast = null;
      if ((flags & FORECAST) != 0) {
        int n = in.count();
        Map<ForecastParts.Slot, LeadForecast.Part> parts = new HashMap<>();
        for (int i = 0; i < n; i++) {
          ForecastParts.Slot slot = new ForecastParts.Slot(KINDS[in.count()], in.count() - 1, in.count());
          parts.merge(slot, new LeadForecast.Part(in.zigzag(), in.amount(), in.zigzag()), LeadForecast.Part::plus);
        }
        forecast = ForecastParts.of(parts);
      }
      out.add(new TeamDelta(time, delta, tag, funnel, flow, forecast));
    }
    return out;
  }

  private static Flow flow(Varints.Reader in) {
    long present = in.varint();
    long[] counts = new long[5];
    BigDecimal[] values = new BigDecimal[6];
    for (int i = 0; i < 5; i++) {
      counts[i] = (present & (1L << i)) == 0 ? 0 : in.zigzag();
    }
    long memo = (present & (1L << 5)) == 0 ? 0 : in.zigzag();
    for (int i = 0; i < 6; i++) {
      values[i] = (present & (1L << (6 + i))) == 0 ? BigDecimal.ZERO : in.amount();
    }
    return new Flow(counts[0], values[0], counts[1], values[1], counts[2], values[2], counts[3], values[3], counts[4],
        values[4], values[5], memo);
  }

  private static Visit visit(Varints.Reader in, int stage, long time, List<String> strings) {
    long began = time - in.zigzag();
    String lead = string(in, strings);
    return new Visit(stage, began, lead == null ? "" : lead, string(in, strings));
  }

  private static String string(Varints.Reader in, List<String> strings) {
    long ref = in.varint();
    if (ref == 0) {
      return null;
    }
    if ((ref & 1) == 1) {
      String s = in.string();
      strings.add(s);
      return s;
    }
    int k = (int) (ref / 2 - 1);
    if (k < 0 || k >= strings.size()) {
      throw new IllegalArgumentException("a string reference to " + k + " of " + strings.size());
    }
    return strings.get(k);
  }

  /** Parts encoded one at a time, each once: a value that grows without being written again from its start. */
  public static final class Encoder {
    private final Varints.Writer out = new Varints.Writer(256);
    private final Map<String, Integer> strings = new HashMap<>();
    private long time;
    private int parts;

    public Encoder() {
      out.writeByte(FORMAT);
    }

    public void add(TeamDelta part) {
      out.zigzag(part.time() - time);
      time = part.time();
      Delta d = part.delta();
      boolean delta = !d.isZero() || d.wonAmount().scale() != 0;
      SegmentTag tag = part.tag();
      FunnelChange funnel = part.funnel();
      FlowPart flow = part.flow();
      ForecastParts forecast = part.forecast();
      out.writeByte((delta ? DELTA : 0) | (tag == null ? 0 : TAG) | (funnel == null ? 0 : FUNNEL)
          | (flow == null ? 0 : FLOW) | (forecast == null ? 0 : FORECAST));
      if (delta) {
        // which figures are not zero (an amount of zero with a scale is written, to be read back as it was)
        boolean amount = d.wonAmount().signum() != 0 || d.wonAmount().scale() != 0;
        out.writeByte((d.pipeline() != 0 ? 1 : 0) | (d.won() != 0 ? 2 : 0) | (d.lost() != 0 ? 4 : 0)
            | (amount ? 8 : 0) | (d.cycleMillis() != 0 ? 16 : 0) | (d.touches() != 0 ? 32 : 0));
        if (d.pipeline() != 0) {
          out.zigzag(d.pipeline());
        }
        if (d.won() != 0) {
          out.zigzag(d.won());
        }
        if (d.lost() != 0) {
          out.zigzag(d.lost());
        }
        if (amount) {
          out.amount(d.wonAmount());
        }
        if (d.cycleMillis() != 0) {
          out.zigzag(d.cycleMillis());
        }
        if (d.touches() != 0) {
          out.zigzag(d.touches());
        }
      }
      if (tag != null) {
        string(tag.industry());
        string(tag.companySize());
        string(tag.region());
        string(tag.source());
        string(tag.owner());
      }
      if (funnel != null) {
        out.varint(funnel.size());
        funnel.forEach((fact, n) -> {
          if (fact instanceof FunnelFact.Exit x) {
            out.writeByte(EXIT).zigzag(n).varint(x.stage()).zigzag(x.durationMillis()).flag(x.advanced());
          } else if (fact instanceof FunnelFact.Arrive a) {
            out.writeByte(ARRIVE).zigzag(n).varint(a.stage());
            visit(a.visit());
            out.amount(a.amount());
          } else {
            FunnelFact.Leave l = (FunnelFact.Leave) fact;
            out.writeByte(LEAVE).zigzag(n).varint(l.stage());
            visit(l.visit());
            out.varint(l.how().ordinal()).amount(l.amount());
          }
        });
      }
      if (flow != null) {
        out.writeByte((flow.team().isZero() ? 0 : 1) | (flow.all().isZero() ? 0 : 2));
        if (!flow.team().isZero()) {
          flow(flow.team());
        }
        if (!flow.all().isZero()) {
          flow(flow.all());
        }
      }
      if (forecast != null) {
        out.varint(forecast.size());
        forecast.parts().forEach((slot, p) -> out.varint(slot.kind().ordinal()).varint(slot.stage() + 1)
            .varint(slot.horizon()).zigzag(p.count()).amount(p.amount()).zigzag(p.unestimated()));
      }
      parts++;
    }

    /** A flow's figures: which are not zero (counts, the memo, then values), then those. */
    private void flow(Flow f) {
      long[] counts = {f.entered(), f.movedIn(), f.movedOut(), f.won(), f.lost(), f.enteredAndClosed()};
      BigDecimal[] values = {f.enteredValue(), f.movedInValue(), f.movedOutValue(), f.wonValue(), f.lostValue(),
          f.revalued()};
      long present = 0;
      for (int i = 0; i < 6; i++) {
        present |= counts[i] != 0 ? 1L << i : 0;
        present |= values[i].signum() != 0 || values[i].scale() != 0 ? 1L << (6 + i) : 0;
      }
      out.varint(present);
      for (long c : counts) {
        if (c != 0) {
          out.zigzag(c);
        }
      }
      for (BigDecimal v : values) {
        if (v.signum() != 0 || v.scale() != 0) {
          out.amount(v);
        }
      }
    }

    private void visit(Visit v) {
      out.zigzag(time - v.began());
      string(v.leadId());
      string(v.ownerId());
    }

    private void string(String s) {
      if (s == null) {
        out.varint(0);
        return;
      }
      Integer k = strings.get(s);
      if (k != null) {
        out.varint(2L * k + 2);
        return;
      }
      strings.put(s, strings.size());
      out.varint(1).string(s);
    }

    public int size() {
      return parts;
    }

    /** The bytes of the parts so far. */
    public byte[] bytes() {
      return out.toByteArray();
    }
  }
}
