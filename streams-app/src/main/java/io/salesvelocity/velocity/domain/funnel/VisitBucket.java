package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.formats.Varints;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The visits of one team's stage that began on one UTC day and are open at its daily cursor, by lead: immutable
 * columns in one byte array, which is also what the store holds (one copy on the heap: the store keeps the array this
 * wraps). The instants the visits began come first, sorted, eight bytes each, so that "how many began before x" is a
 * binary search and a scan of that prefix without decoding anything else; each row's lead, rep, holdings, amounts and
 * stall day follow, variable-length. The header carries what a task keeps in memory per bucket ({@link Summary}), so a
 * restore reads it without decoding the rows.
 *
 * <p>Rows are ordered as stalled deals are found: by when the visit began, then lead, then rep (none first). {@link
 * #edit} decodes the rows for a change; {@link Rows#encode} writes a new bucket.
 */
public final class VisitBucket {
  static final byte FORMAT = 1;
  private static final int HEADER = 1 + 4 + 8 + 4 + 8;
  static final Comparator<Visit> ORDER = Comparator.comparingLong(Visit::began).thenComparing(Visit::leadId)
      .thenComparing(Visit::ownerId, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final byte[] bytes;

  private VisitBucket(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The bucket these bytes hold (as {@link #bytes} wrote them). */
  public static VisitBucket wrap(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != FORMAT) {
      throw new IllegalArgumentException("not an open-visits bucket of format " + FORMAT);
    }
    return new VisitBucket(bytes);
  }

  /** Its bytes, as stored (do not change them). */
  public byte[] bytes() {
    return bytes;
  }

  public int rows() {
    return readInt(bytes, 1);
  }

  /** What a task keeps of it in memory. */
  public Summary summary() {
    return new Summary(readLong(bytes, 5), readInt(bytes, 13), readLong(bytes, 17));
  }

  /** When row {@code i}'s visit began. */
  public long began(int i) {
    return readLong(bytes, HEADER + 8 * i);
  }

  /** Open holdings of the visits that began before {@code x}. */
  public long openBelow(long x) {
    int n = rows();
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (began(mid) < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long open = 0;
    for (int i = 0; i < lo; i++) {
      open += Math.max(0, new Varints.Reader(bytes, rowOffset(i, n)).zigzag());
    }
    return open;
  }

  private int rowOffset(int i, int n) {
    return readInt(bytes, HEADER + 8 * n + 4 * i);
  }

  /** The rows decoded, to change them. */
  public Rows edit(int stage) {
    int n = rows();
    Rows rows = new Rows(stage, n);
    for (int i = 0; i < n; i++) {
      Varints.Reader in = new Varints.Reader(bytes, rowOffset(i, n));
      long count = in.zigzag();
      long stalledOn = in.flag() ? in.zigzag() : FunnelBook.NOT_STALLED;
      String lead = in.string();
      String owner = in.nullableString();
      int amounts = in.count();
      Row row = new Row(new Visit(stage, began(i), lead, owner), count, stalledOn);
      for (int a = 0; a < amounts; a++) {
        BigDecimal amount = in.amount();
        row.hold(amount, in.zigzag());
      }
      rows.list.add(row);
    }
    return rows;
  }

  /**
   * What a task keeps per bucket: open holdings, rows open and not found stalled, and the earliest instant one of
   * those began ({@link Long#MAX_VALUE} when none).
   */
  public record Summary(long open, int notStalled, long minNotStalledBegan) {
    public static final Summary EMPTY = new Summary(0, 0, Long.MAX_VALUE);
  }

  /** One visit held open: how many times (1, but for a moment), when it was found stalled, with which amounts. */
  public static final class Row {
    private final Visit visit;
    private long count;
    private long stalledOn;
    /** The amounts held and how many times each, in the order first held (null amount: none given). */
    private final List<BigDecimal> amounts = new ArrayList<>(1);
    private final List<Long> amountCounts = new ArrayList<>(1);

    Row(Visit visit, long count, long stalledOn) {
      this.visit = visit;
      this.count = count;
      this.stalledOn = stalledOn;
    }

    public Visit visit() {
      return visit;
    }

    public long count() {
      return count;
    }

    public long stalledOn() {
      return stalledOn;
    }

    void count(long n) {
      this.count += n;
    }

    void stalledOn(long day) {
      this.stalledOn = day;
    }

    boolean open() {
      return count > 0;
    }

    boolean notStalled() {
      return count > 0 && stalledOn == FunnelBook.NOT_STALLED;
    }

    void hold(BigDecimal amount, long n) {
      for (int i = 0; i < amounts.size(); i++) {
        if (Objects.equals(amounts.get(i), amount)) {
          long c = amountCounts.get(i) + n;
          if (c == 0) {
            amounts.remove(i);
            amountCounts.remove(i);
          } else {
            amountCounts.set(i, c);
          }
          return;
        }
      }
      if (n != 0) {
        amounts.add(amount);
        amountCounts.add(n);
      }
    }

    /** The lead's latest estimated amount as held: the first amount held (null: none given, or none held). */
    public BigDecimal amount() {
      for (int i = 0; i < amounts.size(); i++) {
        if (amountCounts.get(i) > 0) {
          return amounts.get(i);
        }
      }
      return null;
    }

    /** No longer held: the row is forgotten (a visit held again later is new, not stalled). */
    boolean gone() {
      return count == 0;
    }

    /** Held no more: what it was held with and when it was found stalled are forgotten. */
    void reset() {
      stalledOn = FunnelBook.NOT_STALLED;
      amounts.clear();
      amountCounts.clear();
    }
  }

  /** A bucket's rows decoded, in order, to change and encode again. */
  public static final class Rows {
    private final int stage;
    final List<Row> list;

    Rows(int stage, int capacity) {
      this.stage = stage;
      this.list = new ArrayList<>(Math.max(capacity, 4));
    }

    public static Rows empty(int stage) {
      return new Rows(stage, 0);
    }

    public List<Row> list() {
      return list;
    }

    /** The row of {@code v}, added (count 0) if it has none. */
    Row row(Visit v) {
      int size = list.size();
      // visits mostly arrive in the order they began: try the end first
      if (size == 0 || ORDER.compare(list.get(size - 1).visit, v) < 0) {
        Row r = new Row(v, 0, FunnelBook.NOT_STALLED);
        list.add(r);
        return r;
      }
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        int c = ORDER.compare(list.get(mid).visit, v);
        if (c == 0) {
          return list.get(mid);
        }
        if (c < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      Row r = new Row(v, 0, FunnelBook.NOT_STALLED);
      list.add(lo, r);
      return r;
    }

    void removeGone() {
      list.removeIf(Row::gone);
    }

    public Summary summary() {
      long open = 0;
      int notStalled = 0;
      long min = Long.MAX_VALUE;
      for (Row r : list) {
        open += Math.max(0, r.count);
        if (r.notStalled()) {
          notStalled++;
          min = Math.min(min, r.visit.began());
        }
      }
      return new Summary(open, notStalled, min);
    }

    /** The bucket of these rows; null when there are none. */
    public VisitBucket encode() {
      int n = list.size();
      if (n == 0) {
        return null;
      }
      Varints.Writer body = new Varints.Writer(32 * n);
      int[] offsets = new int[n];
      int base = HEADER + 12 * n;
      for (int i = 0; i < n; i++) {
        Row r = list.get(i);
        offsets[i] = base + body.size();
        body.zigzag(r.count);
        body.flag(r.stalledOn != FunnelBook.NOT_STALLED);
        if (r.stalledOn != FunnelBook.NOT_STALLED) {
          body.zigzag(r.stalledOn);
        }
        body.string(r.visit.leadId());
        body.nullableString(r.visit.ownerId());
        body.varint(r.amounts.size());
        for (int a = 0; a < r.amounts.size(); a++) {
          body.amount(r.amounts.get(a));
          body.zigzag(r.amountCounts.get(a));
        }
      }
      Summary s = summary();
      byte[] out = new byte[base + body.size()];
      out[0] = FORMAT;
      writeInt(out, 1, n);
      writeLong(out, 5, s.open());
      writeInt(out, 13, s.notStalled());
      writeLong(out, 17, s.minNotStalledBegan());
      for (int i = 0; i < n; i++) {
        writeLong(out, HEADER + 8 * i, list.get(i).visit.began());
        writeInt(out, HEADER + 8 * n + 4 * i, offsets[i]);
      }
      body.copyTo(out, base);
      return new VisitBucket(out);
    }

    int stage() {
      return stage;
    }
  }

  static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
  }

  static long readLong(byte[] b, int at) {
    return (long) readInt(b, at) << 32 | readInt(b, at + 4) & 0xffffffffL;
  }

  static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  static void writeLong(byte[] b, int at, long v) {
    writeInt(b, at, (int) (v >>> 32));
    writeInt(b, at + 4, (int) v);
  }
}
