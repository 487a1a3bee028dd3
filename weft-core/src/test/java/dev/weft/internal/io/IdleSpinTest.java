package dev.weft.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The idle-spin governor's rules, without a selector. */
class IdleSpinTest {
  private static final long SPIN = 50_000;

  @Test
  void aFreshSelectorBlocksAtOnce() {
    assertFalse(new IdleSpin(SPIN, IdleSpin.PREEMPTED_GAP_NANOS).shouldSpin());
  }

  @Test
  void oneShortSpellStartsTheSpin() {
    IdleSpin s = new IdleSpin(SPIN, IdleSpin.PREEMPTED_GAP_NANOS);
    s.spellEnded(SPIN); // as long as the spin: a spin would have caught it
    assertTrue(s.shouldSpin());
  }

  @Test
  void longSpellsCostTwiceWhatShortOnesEarn() {
    IdleSpin s = new IdleSpin(SPIN, IdleSpin.PREEMPTED_GAP_NANOS);
    for (int i = 0; i < 100; i++) {
      s.spellEnded(1_000);
    }
    assertEquals(IdleSpin.MAX_SCORE, s.score(), "the score is capped");
    for (int i = 0; i < IdleSpin.MAX_SCORE / 2 - 1; i++) {
      s.spellEnded(SPIN + 1);
      assertTrue(s.shouldSpin(), "after " + (i + 1) + " long spells");
    }
    s.spellEnded(SPIN + 1);
    assertFalse(s.shouldSpin(), "four long spells undo the eight short ones");
    s.spellEnded(10_000_000);
    assertEquals(0, s.score(), "long spells do not push the score below zero");
  }

  @Test
  void aSelectorWhoseSpellsAlternateShortAndLongStopsSpinning() {
    IdleSpin s = new IdleSpin(SPIN, IdleSpin.PREEMPTED_GAP_NANOS);
    for (int i = 0; i < 20; i++) {
      s.spellEnded(1_000);
      s.spellEnded(1_000_000);
    }
    assertFalse(s.shouldSpin(), "half the spins would be wasted: block");
  }

  @Test
  void aPreemptedSpinStopsSpinningUntilALongRunOfShortSpells() {
    IdleSpin s = new IdleSpin(SPIN, IdleSpin.PREEMPTED_GAP_NANOS);
    for (int i = 0; i < 8; i++) {
      s.spellEnded(1_000);
    }
    s.preempted();
    assertFalse(s.shouldSpin());
    for (int i = 0; i < -IdleSpin.PREEMPTED_SCORE; i++) {
      assertFalse(s.shouldSpin(), "after " + i + " short spells");
      s.spellEnded(1_000);
    }
    s.spellEnded(1_000);
    assertTrue(s.shouldSpin());
  }

  @Test
  void aGapThatIsNotPositiveIsRejectedWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new IdleSpin(SPIN, 0));
    assertTrue(e.getMessage().contains("0 ns"), e.getMessage());
  }

  @Test
  void aZeroSpinNeverSpins() {
    IdleSpin s = new IdleSpin(0, IdleSpin.PREEMPTED_GAP_NANOS);
    for (int i = 0; i < 100; i++) {
      s.spellEnded(0);
    }
    assertFalse(s.shouldSpin());
  }

  @Test
  void aNegativeSpinIsRejectedWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new IdleSpin(-5, 1_000));
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
  }
}
