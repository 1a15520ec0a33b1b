package io.salesvelocity.velocity.domain.funnel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A multiset of longs that answers "the k-th smallest" and "how many are below x" exactly. A stage's durations in the
 * window and the instants its open visits began are kept in these, so that a percentile or a count of stalled deals
 * costs a pass over a short index rather than a sort of the window.
 *
 * <p>The values are kept sorted in blocks of at most {@value #MAX} distinct values, each block two arrays (values,
 * counts) with its total count and its largest value: an addition or a removal is two binary searches (the blocks,
 * then the block) and a copy within one block's arrays, without allocation; a rank or a count below a value sums the
 * blocks' totals before it. The cursors update these for every funnel fact (twice per cursor: entering and leaving
 * the window) and read them only when they publish, so updates are what must be cheap. A balanced tree (the treap
 * this replaced) answers both in O(log n) too, but follows a pointer per level on every update: the profile of
 * {@code velocity bench --compare-funnel} had it as the stream thread's largest single cost.
 *
 * <p>A removal of more copies than it holds keeps the difference owed, and the next additions of that value pay it
 * first: the facts of one change to a lead reach a team's current cursor one record at a time, so a visit can leave
 * before the record that makes it arrive again (a late stage change splits a visit in two). Once the change is all
 * taken in, nothing is owed; until then the value counts as absent rather than negative.
 *
 * <p>Guava's {@code TreeMultiset} counts below a value in O(log n) but has no k-th element, and Commons Collections'
 * {@code TreeList} indexes a list but does not keep it sorted; neither does both.
 */
public final class OrderStatistics {
  /** Distinct values per block at most. */
  static final int MAX = 128;
  /** A block this short is merged with a neighbour when both fit in half a block. */
  private static final int MIN = MAX / 4;
  private static final int FIRST_CAPACITY = 8;

  private long[][] values = new long[2][];
  private long[][] counts = new long[2][];
  /** Distinct values in each block. */
  private int[] lengths = new int[2];
  /** Each block's total count. */
  private long[] totals = new long[2];
  /** Each block's largest value. */
  private long[] lasts = new long[2];
  private int blocks;
  private long size;
  private long sum;
  private int distinct;
  /** Copies removed beyond what was held, by value, until added back. */
  private Map<Long, Long> owed;

  /** The number of values held (with their multiplicity). */
  public long size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The sum of the values held (with their multiplicity). */
  public long sum() {
    return sum;
  }

  /** The number of distinct values held: what the structure costs in memory. */
  public int distinct() {
    return distinct;
  }

  public void add(long value) {
    add(value, 1);
  }

  public void remove(long value) {
    add(value, -1);
  }

  /** Adds {@code n} copies of {@code value} (removes them when negative; beyond what it holds, they are owed). */
  public void add(long value, long n) {
    if (n > 0 && owed != null) {
      n = payDebt(value, n);
    }
    if (n == 0) {
      return;
    }
    if (blocks == 0) {
      if (n < 0) {
        owe(value, -n);
        return;
      }
      openBlock(0, FIRST_CAPACITY);
      insert(0, 0, value, n);
      return;
    }
    int b = block(value);
    int i = Arrays.binarySearch(values[b], 0, lengths[b], value);
    if (i < 0) {
      if (n < 0) {
        owe(value, -n);
      } else {
        insert(b, -i - 1, value, n);
      }
      return;
    }
    long held = counts[b][i];
    if (held + n < 0) {
      owe(value, -(held + n));
      n = -held;
    }
    totals[b] += n;
    size += n;
    sum += value * n;
    if (held + n == 0) {
      removeAt(b, i);
    } else {
      counts[b][i] = held + n;
    }
  }

  private long payDebt(long value, long n) {
    Long debt = owed.get(value);
    if (debt == null) {
      return n;
    }
    long paid = Math.min(debt, n);
    if (debt == paid) {
      owed.remove(value);
    } else {
      owed.put(value, debt - paid);
    }
    return n - paid;
  }

  private void owe(long value, long n) {
    if (owed == null) {
      owed = new HashMap<>();
    }
    owed.merge(value, n, Long::sum);
  }

  /** Copies removed beyond what was held and not added back yet. */
  public long owed() {
    return owed == null ? 0 : owed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How many copies of {@code value} are held. */
  public long count(long value) {
    if (blocks == 0) {
      return 0;
    }
    int b = block(value);
    int i = Arrays.binarySearch(values[b], 0, lengths[b], value);
    return i < 0 ? 0 : counts[b][i];
  }

  /** How many values held are strictly less than {@code x}. */
  public long countBelow(long x) {
    if (blocks == 0) {
      return 0;
    }
    if (x > lasts[blocks - 1]) {
      return size;
    }
    int b = block(x);
    long below = 0;
    for (int j = 0; j < b; j++) {
      below += totals[j];
    }
    long[] v = values[b];
    long[] c = counts[b];
    for (int i = 0; i < lengths[b] && v[i] < x; i++) {
      below += c[i];
    }
    return below;
  }

  /**
   * The {@code k}-th smallest value held, 1-based, counting multiplicity.
   *
   * @throws IllegalArgumentException when k is not between 1 and {@link #size()}
   */
  public long kth(long k) {
    if (k < 1 || k > size) {
      throw new IllegalArgumentException("rank " + k + " of " + size + " values");
    }
    int b = 0;
    while (k > totals[b]) {
      k -= totals[b];
      b++;
    }
    long[] c = counts[b];
    int i = 0;
    while (k > c[i]) {
      k -= c[i];
      i++;
    }
    return values[b][i];
  }

  /** Visits each distinct value with its count, in ascending order. */
  public void forEach(BiConsumer<Long, Long> visitor) {
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < lengths[b]; i++) {
        visitor.accept(values[b][i], counts[b][i]);
      }
    }
  }

  /** Visits each distinct value in [from, toExclusive) with its count, in ascending order. */
  public void forEachBetween(long from, long toExclusive, BiConsumer<Long, Long> visitor) {
    if (blocks == 0 || from >= toExclusive) {
      return;
    }
    int b = block(from);
    int i = Arrays.binarySearch(values[b], 0, lengths[b], from);
    for (i = i < 0 ? -i - 1 : i; b < blocks; b++, i = 0) {
      for (; i < lengths[b]; i++) {
        if (values[b][i] >= toExclusive) {
          return;
        }
        visitor.accept(values[b][i], counts[b][i]);
      }
    }
  }

  /** An independent copy. */
  public OrderStatistics copy() {
    OrderStatistics c = new OrderStatistics();
    int n = Math.max(2, blocks);
    c.values = new long[n][];
    c.counts = new long[n][];
    for (int b = 0; b < blocks; b++) {
      c.values[b] = values[b].clone();
      c.counts[b] = counts[b].clone();
    }
    c.lengths = Arrays.copyOf(lengths, n);
    c.totals = Arrays.copyOf(totals, n);
    c.lasts = Arrays.copyOf(lasts, n);
    c.blocks = blocks;
    c.size = size;
    c.sum = sum;
    c.distinct = distinct;
    c.owed = owed == null ? null : new HashMap<>(owed);
    return c;
  }

  /** The block that holds {@code value} or would: the first whose largest value is at least it, else the last. */
  private int block(long value) {
    int lo = 0;
    int hi = blocks - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (lasts[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void insert(int b, int at, long value, long n) {
    if (lengths[b] == MAX) {
      if (b == blocks - 1 && at == MAX) {
        // an append after the largest value (instants, mostly): a new block, the full one stays full
        openBlock(++b, FIRST_CAPACITY);
        at = 0;
      } else {
        split(b);
        if (at > lengths[b]) {
          at -= lengths[b];
          b++;
        }
      }
    }
    int length = lengths[b];
    if (length == values[b].length) {
      int capacity = Math.min(MAX, length * 2);
      values[b] = Arrays.copyOf(values[b], capacity);
      counts[b] = Arrays.copyOf(counts[b], capacity);
    }
    System.arraycopy(values[b], at, values[b], at + 1, length - at);
    System.arraycopy(counts[b], at, counts[b], at + 1, length - at);
    values[b][at] = value;
    counts[b][at] = n;
    lengths[b] = length + 1;
    totals[b] += n;
    lasts[b] = values[b][length];
    distinct++;
    size += n;
    sum += value * n;
  }

  /** Removes the value at {@code i} of block {@code b}, whose count is already taken off. */
  private void removeAt(int b, int i) {
    int length = lengths[b] - 1;
    System.arraycopy(values[b], i + 1, values[b], i, length - i);
    System.arraycopy(counts[b], i + 1, counts[b], i, length - i);
    lengths[b] = length;
    distinct--;
    if (length == 0) {
      closeBlock(b);
      return;
    }
    lasts[b] = values[b][length - 1];
    if (length < MIN) {
      if (b + 1 < blocks && length + lengths[b + 1] <= MAX / 2) {
        mergeNext(b);
      } else if (b > 0 && length + lengths[b - 1] <= MAX / 2) {
        mergeNext(b - 1);
      }
    }
  }

  /** Moves block {@code b + 1}'s values to the end of block {@code b}'s. */
  private void mergeNext(int b) {
    int length = lengths[b];
    int more = lengths[b + 1];
    if (values[b].length < length + more) {
      values[b] = Arrays.copyOf(values[b], MAX);
      counts[b] = Arrays.copyOf(counts[b], MAX);
    }
    System.arraycopy(values[b + 1], 0, values[b], length, more);
    System.arraycopy(counts[b + 1], 0, counts[b], length, more);
    lengths[b] = length + more;
    totals[b] += totals[b + 1];
    lasts[b] = lasts[b + 1];
    closeBlock(b + 1);
  }

  /** Splits full block {@code b} in two halves, {@code b} and {@code b + 1}. */
  private void split(int b) {
    int half = MAX / 2;
    openBlock(b + 1, MAX);
    System.arraycopy(values[b], half, values[b + 1], 0, MAX - half);
    System.arraycopy(counts[b], half, counts[b + 1], 0, MAX - half);
    long moved = 0;
    for (int i = half; i < MAX; i++) {
      moved += counts[b][i];
    }
    lengths[b] = half;
    lengths[b + 1] = MAX - half;
    totals[b] -= moved;
    totals[b + 1] = moved;
    lasts[b + 1] = lasts[b];
    lasts[b] = values[b][half - 1];
  }

  /** An empty block at index {@code b}, the blocks from there on moved up one. */
  private void openBlock(int b, int capacity) {
    if (blocks == values.length) {
      int n = blocks * 2;
      values = Arrays.copyOf(values, n);
      counts = Arrays.copyOf(counts, n);
      lengths = Arrays.copyOf(lengths, n);
      totals = Arrays.copyOf(totals, n);
      lasts = Arrays.copyOf(lasts, n);
    }
    int after = blocks - b;
    System.arraycopy(values, b, values, b + 1, after);
    System.arraycopy(counts, b, counts, b + 1, after);
    System.arraycopy(lengths, b, lengths, b + 1, after);
    System.arraycopy(totals, b, totals, b + 1, after);
    System.arraycopy(lasts, b, lasts, b + 1, after);
    values[b] = new long[capacity];
    counts[b] = new long[capacity];
    lengths[b] = 0;
    totals[b] = 0;
    lasts[b] = Long.MIN_VALUE;
    blocks++;
  }

  private void closeBlock(int b) {
    int after = blocks - b - 1;
    System.arraycopy(values, b + 1, values, b, after);
    System.arraycopy(counts, b + 1, counts, b, after);
    System.arraycopy(lengths, b + 1, lengths, b, after);
    System.arraycopy(totals, b + 1, totals, b, after);
    System.arraycopy(lasts, b + 1, lasts, b, after);
    blocks--;
    values[blocks] = null;
    counts[blocks] = null;
  }

  /** Blocks in use (for tests of the layout). */
  int blocks() {
    return blocks;
  }
}
