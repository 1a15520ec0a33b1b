package io.salesvelocity.velocity.state;

/**
 * One copy of each of the few strings that recur across decoded state (owners' names, thousands of visits each):
 * a direct-mapped table of {@value #SLOTS} slots, so it holds at most that many strings whatever it is given, and
 * a name that shares its slot with another one merely stays a copy of its own. {@link String#intern()} (a native
 * call into the JVM's string table) took a sixth of the decoding of the team delta logs when a task is initialized
 * after a restore; this takes 8 ns a name against intern's 132 ns ({@code StateDecodingBenchmark}, BENCHMARKS.md).
 * Safe on any thread without locks: a slot holds an immutable string and is read or replaced whole.
 */
final class CanonicalStrings {
  static final int SLOTS = 4096;
  private final String[] slots = new String[SLOTS];

  /** {@code s}, or an equal string this table returned before. */
  String of(String s) {
    int i = s.hashCode() & (SLOTS - 1);
    String known = slots[i];
    if (s.equals(known)) {
      return known;
    }
    slots[i] = s;
    return s;
  }
}
