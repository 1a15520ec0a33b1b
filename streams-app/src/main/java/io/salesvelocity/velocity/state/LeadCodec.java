package io.salesvelocity.velocity.state;

import io.salesvelocity.formats.Varints;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's history in the bytes of the {@code lead-state} store: the lead id is the key, and the value is compact.
 * Teams, reps, segment values and topics are numbers of the task's {@link StringIds}; instants after the LeadCreated
 * are written as their distance from it; amounts as cents; fingerprints in 8 bytes. The first byte is the format, so
 * that a later version can tell its state from this one's. The lead rules bound what is read back: a lead keeps at most
 * {@code LeadHistory.MAX_STAGES} stage changes and folds older ones (see {@code LeadHistory.compact}).
 */
public final class LeadCodec {
  static final byte FORMAT = 1;
  private static final int CREATED = 1;
  private static final int CLOSED = 2;
  private static final int FOLD = 4;
  private static final int FUNNEL_SENT = 8;

  private final StringIds ids;

  public LeadCodec(StringIds ids) {
    this.ids = ids;
  }

  public byte[] encode(LeadHistory h) {
    Varints.Writer out = new Varints.Writer(64);
    out.writeByte(FORMAT);
    LeadHistory.Created c = h.created();
    LeadHistory.Closed k = h.closed();
    LeadHistory.Fold f = h.fold();
    out.writeByte((c == null ? 0 : CREATED) | (k == null ? 0 : CLOSED) | (f == null ? 0 : FOLD)
        | (h.funnelSent() ? FUNNEL_SENT : 0));
    // instants from the LeadCreated's (or, while it is missing, from 0)
    long base = c == null ? 0 : c.time();
    if (c != null) {
      out.string(c.eventId()).zigzag(c.time()).varint(ids.idOf(c.teamId())).varint(c.stage()).fixed64(c.fingerprint());
      SegmentTag p = c.profile();
      if (p == null) {
        out.varint(0);
      } else {
        out.varint(1).varint(ids.idOf(p.owner())).varint(ids.idOf(p.industry())).varint(ids.idOf(p.companySize()))
            .varint(ids.idOf(p.region())).varint(ids.idOf(p.source()));
      }
      out.amount(c.amount());
    }
    List<LeadHistory.StageEntry> stages = h.stages();
    out.varint(stages.size());
    for (LeadHistory.StageEntry s : stages) {
      out.string(s.eventId()).zigzag(s.time() - base).varint(s.stage()).varint(ids.idOf(s.teamId()))
          .fixed64(s.fingerprint()).varint(ids.idOf(s.ownerId())).amount(s.amount());
    }
    if (k != null) {
      out.string(k.eventId()).zigzag(k.time() - base).flag(k.won()).amount(k.amount()).varint(ids.idOf(k.teamId()))
          .fixed64(k.fingerprint()).varint(ids.idOf(k.ownerId()));
    }
    Map<String, RawEvent> held = h.held();
    out.varint(held.size());
    for (RawEvent r : held.values()) {
      out.string(r.eventId()).zigzag(r.eventTime()).varint(ids.idOf(r.topic())).varint(r.partition()).zigzag(r.offset())
          .zigzag(r.timestamp()).nullableBytes(r.key()).nullableBytes(r.value());
    }
    if (f != null) {
      out.zigzag(f.before() - base).varint(ids.idOf(f.teamId()));
      long[] earliest = f.earliestByStage();
      out.varint(earliest.length);
      for (long t : earliest) {
        out.zigzag(t == Long.MAX_VALUE ? 0 : t - base + 1); // never (the usual case) in one byte
      }
      out.varint(ids.idOf(f.ownerId())).zigzag(f.visitStage()).zigzag(f.visitBegan() - base).amount(f.amount());
    }
    return out.toByteArray();
  }

  public LeadHistory decode(String leadId, byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != FORMAT) {
      throw new IllegalArgumentException("the state of lead " + leadId + " is not of lead-state format " + FORMAT
          + " (an earlier version wrote it, or it is damaged)");
    }
    Varints.Reader in = new Varints.Reader(bytes, 1);
    int flags = in.readByte();
    LeadHistory.Created created = null;
    long base = 0;
    if ((flags & CREATED) != 0) {
      String eventId = in.string();
      long time = in.zigzag();
      String team = ids.of(in.count());
      int stage = in.count();
      long fingerprint = in.fixed64();
      SegmentTag profile = null;
      if (in.count() == 1) {
        String owner = ids.of(in.count());
        String industry = ids.of(in.count());
        String size = ids.of(in.count());
        String region = ids.of(in.count());
        profile = SegmentTag.ofNullable(industry, size, region, ids.of(in.count()), owner);
      }
      created = new LeadHistory.Created(eventId, time, team, stage, fingerprint, profile, in.amount());
      base = time;
    }
    int n = in.count();
    List<LeadHistory.StageEntry> stages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      stages.add(new LeadHistory.StageEntry(in.string(), base + in.zigzag(), in.count(), ids.of(in.count()),
          in.fixed64(), ids.of(in.count()), in.amount()));
    }
    LeadHistory.Closed closed = null;
    if ((flags & CLOSED) != 0) {
      closed = new LeadHistory.Closed(in.string(), base + in.zigzag(), in.flag(), in.amount(), ids.of(in.count()),
          in.fixed64(), ids.of(in.count()));
    }
    int h = in.count();
    Map<String, RawEvent> held = new LinkedHashMap<>();
    for (int i = 0; i < h; i++) {
      RawEvent r = new RawEvent(in.string(), in.zigzag(), ids.of(in.count()), in.count(), in.zigzag(), in.zigzag(),
          in.nullableBytes(), in.nullableBytes());
      held.put(r.eventId(), r);
    }
    LeadHistory.Fold fold = null;
    if ((flags & FOLD) != 0) {
      long before = base + in.zigzag();
      String team = ids.of(in.count());
      long[] earliest = new long[in.count()];
      for (int i = 0; i < earliest.length; i++) {
        long t = in.zigzag();
        earliest[i] = t == 0 ? Long.MAX_VALUE : t + base - 1;
      }
      fold = new LeadHistory.Fold(before, team, earliest, ids.of(in.count()), (int) in.zigzag(), base + in.zigzag(),
          in.amount());
    }
    if (in.more()) {
      throw new IllegalArgumentException("the state of lead " + leadId + " has " + (bytes.length - in.position())
          + " bytes more than its fields");
    }
    LeadHistory lead = new LeadHistory(leadId, created, stages, fold, closed, held);
    lead.setFunnelSent((flags & FUNNEL_SENT) != 0);
    return lead;
  }
}
