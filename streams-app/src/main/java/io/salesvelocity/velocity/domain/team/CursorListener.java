package io.salesvelocity.velocity.domain.team;

/**
 * Told of every part of a team's log that one of its cursors takes in or lets go of: so the figures of the team's
 * segments, and its stage funnel, move in step with the team's own, from the team's one delta log.
 */
public interface CursorListener {
  /** Listens to nothing: the ledger then reads each instant's sum rather than its parts. */
  CursorListener NONE = new CursorListener() {
    @Override
    public void enter(boolean daily, TeamDelta part, boolean inWindow) {
    }

    @Override
    public void expire(boolean daily, TeamDelta part) {
    }
  };

  /**
   * The cursor ({@code daily} or current) took {@code part} in: what counts from its instant on, and what counts in
   * the window of its instant if inWindow.
   */
  void enter(boolean daily, TeamDelta part, boolean inWindow);

  /** The window part of {@code part}, taken in earlier, left the cursor's window. */
  void expire(boolean daily, TeamDelta part);

  /** Both listeners, {@code first} told first; NONE left out. */
  static CursorListener both(CursorListener first, CursorListener second) {
    if (first == NONE) {
      return second;
    }
    if (second == NONE) {
      return first;
    }
    return new CursorListener() {
      @Override
      public void enter(boolean daily, TeamDelta part, boolean inWindow) {
        first.enter(daily, part, inWindow);
        second.enter(daily, part, inWindow);
      }

      @Override
      public void expire(boolean daily, TeamDelta part) {
        first.expire(daily, part);
        second.expire(daily, part);
      }
    };
  }
}
