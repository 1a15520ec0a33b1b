package io.salesvelocity.velocity.domain.funnel;

import java.util.function.BiConsumer;

/**
 * A multiset of longs that answers "the k-th smallest" and "how many are below x" exactly, each in O(log n), as do
 * its additions and removals: a treap whose nodes hold a distinct value, its count, and the size of their subtree.
 * A stage's durations in the window and the instants its open visits began are kept in these, so that a percentile
 * or a count of stalled deals costs a walk down the tree rather than a sort of the window. The priorities are a hash
 * of the value, so the same contents always give the same tree.
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
  private static final class Node {
    final long value;
    final long priority;
    long count;
    long size;
    Node left;
    Node right;

    Node(long value, long count) {
      this.value = value;
      this.priority = mix(value);
      this.count = count;
      this.size = count;
    }
  }

  private Node root;
  private long sum;
  private int distinct;
  /** Copies removed beyond what was held, by value, until added back. */
  private java.util.Map<Long, Long> owed;

  /** The number of values held (with their multiplicity). */
  public long size() {
    return size(root);
  }

  public boolean isEmpty() {
    return root == null;
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
      Long debt = owed.get(value);
      if (debt != null) {
        long paid = Math.min(debt, n);
        if (debt == paid) {
          owed.remove(value);
        } else {
          owed.put(value, debt - paid);
        }
        n -= paid;
      }
    } else if (n < 0) {
      long held = count(value);
      if (held < -n) {
        if (owed == null) {
          owed = new java.util.HashMap<>();
        }
        owed.merge(value, -n - held, Long::sum);
        n = -held;
      }
    }
    if (n == 0) {
      return;
    }
    root = add(root, value, n);
    sum += value * n;
  }

  /** Copies removed beyond what was held and not added back yet. */
  public long owed() {
    return owed == null ? 0 : owed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How many copies of {@code value} are held. */
  public long count(long value) {
    Node n = root;
    while (n != null) {
      if (value == n.value) {
        return n.count;
      }
      n = value < n.value ? n.left : n.right;
    }
    return 0;
  }

  /** How many values held are strictly less than {@code x}. */
  public long countBelow(long x) {
    long below = 0;
    Node n = root;
    while (n != null) {
      if (n.value < x) {
        below += size(n.left) + n.count;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return below;
  }

  /**
   * The {@code k}-th smallest value held, 1-based, counting multiplicity.
   *
   * @throws IllegalArgumentException when k is not between 1 and {@link #size()}
   */
  public long kth(long k) {
    if (k < 1 || k > size()) {
      throw new IllegalArgumentException("rank " + k + " of " + size() + " values");
    }
    Node n = root;
    while (true) {
      long left = size(n.left);
      if (k <= left) {
        n = n.left;
      } else if (k <= left + n.count) {
        return n.value;
      } else {
        k -= left + n.count;
        n = n.right;
      }
    }
  }

  /** Visits each distinct value with its count, in ascending order. */
  public void forEach(BiConsumer<Long, Long> visitor) {
    forEach(root, visitor);
  }

  /** Visits each distinct value in [from, toExclusive) with its count, in ascending order. */
  public void forEachBetween(long from, long toExclusive, BiConsumer<Long, Long> visitor) {
    java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
    Node c = root;
    while (c != null || !stack.isEmpty()) {
      while (c != null) {
        if (c.value < from) {
          c = c.right; // this node and its left subtree are below the range
        } else {
          stack.push(c);
          c = c.left;
        }
      }
      if (stack.isEmpty()) {
        return;
      }
      c = stack.pop();
      if (c.value >= toExclusive) {
        return;
      }
      visitor.accept(c.value, c.count);
      c = c.right;
    }
  }

  /** An independent copy. */
  public OrderStatistics copy() {
    OrderStatistics c = new OrderStatistics();
    c.root = copy(root);
    c.sum = sum;
    c.distinct = distinct;
    c.owed = owed == null ? null : new java.util.HashMap<>(owed);
    return c;
  }

  private Node add(Node n, long value, long count) {
    if (n == null) {
      distinct++;
      return new Node(value, count);
    }
    if (value == n.value) {
      n.count += count;
      if (n.count == 0) {
        distinct--;
        return merge(n.left, n.right);
      }
      n.size += count;
      return n;
    }
    if (value < n.value) {
      n.left = add(n.left, value, count);
      if (n.left != null && n.left.priority > n.priority) {
        n = rotateRight(n);
      }
    } else {
      n.right = add(n.right, value, count);
      if (n.right != null && n.right.priority > n.priority) {
        n = rotateLeft(n);
      }
    }
    n.size = size(n.left) + size(n.right) + n.count;
    return n;
  }

  /** Joins two treaps, every value of {@code a} below every value of {@code b}. */
  private static Node merge(Node a, Node b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      a.size = size(a.left) + size(a.right) + a.count;
      return a;
    }
    b.left = merge(a, b.left);
    b.size = size(b.left) + size(b.right) + b.count;
    return b;
  }

  private static Node rotateRight(Node n) {
    Node l = n.left;
    n.left = l.right;
    l.right = n;
    n.size = size(n.left) + size(n.right) + n.count;
    l.size = size(l.left) + size(l.right) + l.count;
    return l;
  }

  private static Node rotateLeft(Node n) {
    Node r = n.right;
    n.right = r.left;
    r.left = n;
    n.size = size(n.left) + size(n.right) + n.count;
    r.size = size(r.left) + size(r.right) + r.count;
    return r;
  }

  private static long size(Node n) {
    return n == null ? 0 : n.size;
  }

  private static void forEach(Node n, BiConsumer<Long, Long> visitor) {
    // iterative in-order walk: a degenerate tree (unlikely with hashed priorities) must not overflow the stack
    java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
    Node c = n;
    while (c != null || !stack.isEmpty()) {
      while (c != null) {
        stack.push(c);
        c = c.left;
      }
      c = stack.pop();
      visitor.accept(c.value, c.count);
      c = c.right;
    }
  }

  private static Node copy(Node n) {
    if (n == null) {
      return null;
    }
    Node c = new Node(n.value, n.count);
    c.size = n.size;
    c.left = copy(n.left);
    c.right = copy(n.right);
    return c;
  }

  /** SplitMix64's finalizer: well spread priorities from any values, even consecutive ones. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
