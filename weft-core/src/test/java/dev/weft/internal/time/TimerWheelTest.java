package dev.weft.internal.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

  private static List<TimerEntry> drain(TimerWheel wheel, long now) {
    List<TimerEntry> fired = new ArrayList<>();
    TimerEntry[] out = new TimerEntry[7]; // small on purpose: exercises repeated polls
    int n;
    do {
      n = wheel.poll(now, out);
      for (int i = 0; i < n; i++) {
        fired.add(out[i]);
      }
    } while (n == out.length);
    return fired;
  }

  @Test
  void levelsFollowTheMostSignificantDifferingDigit() {
    assertEquals(0, TimerWheel.levelFor(0, 1));
    assertEquals(0, TimerWheel.levelFor(0, 63));
    assertEquals(1, TimerWheel.levelFor(0, 64));
    assertEquals(1, TimerWheel.levelFor(0, 4095));
    assertEquals(2, TimerWheel.levelFor(0, 4096));
    assertEquals(0, TimerWheel.levelFor(64, 127));
    assertEquals(5, TimerWheel.levelFor(0, TimerWheel.MAX_DURATION));
  }

  @Test
  void entriesFireAtTheirDeadlineAndNotBefore() {
    TimerWheel wheel = new TimerWheel();
    TimerEntry a = new TimerEntry(null);
    TimerEntry b = new TimerEntry(null);
    wheel.insert(a, 5);
    wheel.insert(b, 70); // level 1
    assertEquals(2, wheel.size());
    assertEquals(List.of(), drain(wheel, 4));
    assertEquals(List.of(a), drain(wheel, 5));
    assertEquals(List.of(), drain(wheel, 69));
    assertEquals(List.of(b), drain(wheel, 70));
    assertEquals(0, wheel.size());
    assertEquals(TimerWheel.NONE, wheel.nextExpiration());
  }

  @Test
  void aPastDeadlineIsDueAtOnce() {
    TimerWheel wheel = new TimerWheel();
    drain(wheel, 100);
    TimerEntry late = new TimerEntry(null);
    wheel.insert(late, 50);
    assertTrue(wheel.hasDue());
    assertEquals(100, wheel.nextExpiration());
    assertEquals(List.of(late), drain(wheel, 100));
  }

  @Test
  void removeIsImmediateAndFreesTheSlot() {
    TimerWheel wheel = new TimerWheel();
    TimerEntry a = new TimerEntry(null);
    wheel.insert(a, 10);
    wheel.remove(a);
    assertFalse(a.isLinked());
    assertEquals(0, wheel.size());
    assertEquals(TimerWheel.NONE, wheel.nextExpiration());
    wheel.remove(a); // no effect the second time
    wheel.insert(a, 20); // and it can be reused
    assertEquals(List.of(a), drain(wheel, 20));
  }

  @Test
  void insertingTwiceIsRejected() {
    TimerWheel wheel = new TimerWheel();
    TimerEntry a = new TimerEntry(null);
    wheel.insert(a, 10);
    assertThrows(IllegalStateException.class, () -> wheel.insert(a, 11));
  }

  @Test
  void farDeadlinesAreClampedToTheTopLevel() {
    TimerWheel wheel = new TimerWheel();
    TimerEntry far = new TimerEntry(null);
    assertSame(null, far.waker);
    wheel.insert(far, Long.MAX_VALUE / 2);
    assertEquals(TimerWheel.MAX_DURATION, far.deadline());
    assertEquals(List.of(), drain(wheel, TimerWheel.MAX_DURATION - 1));
    assertEquals(List.of(far), drain(wheel, TimerWheel.MAX_DURATION));
  }

  @Test
  void nextExpirationIsALowerBoundThatIsExactAtLevelZero() {
    TimerWheel wheel = new TimerWheel();
    TimerEntry a = new TimerEntry(null);
    wheel.insert(a, 30);
    assertEquals(30, wheel.nextExpiration());
    TimerEntry b = new TimerEntry(null);
    wheel.insert(b, 5000); // level 2: its slot starts at 4096
    wheel.remove(a);
    long next = wheel.nextExpiration();
    assertTrue(next <= 5000 && next > 0, "got " + next);
  }

  @Test
  void sameDeadlineEntriesAllFireTogether() {
    TimerWheel wheel = new TimerWheel();
    Set<TimerEntry> all = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      TimerEntry e = new TimerEntry(null);
      wheel.insert(e, 1000);
      all.add(e);
    }
    assertEquals(all, new HashSet<>(drain(wheel, 1000)));
  }

  /**
   * A fuzzer: random inserts, removes and advances against a TreeMap model; after every step
   * exactly the due entries have fired, in deadline order, each once.
   */
  @Test
  void fuzzAgainstATreeMapModel() {
    for (long seed = 1; seed <= 30; seed++) {
      fuzz(new Random(seed), 4_000);
    }
  }

  private static void fuzz(Random rnd, int steps) {
    TimerWheel wheel = new TimerWheel();
    TreeMap<Long, Set<TimerEntry>> model = new TreeMap<>();
    Map<TimerEntry, Long> live = new HashMap<>();
    List<TimerEntry> liveList = new ArrayList<>();
    long now = 0;
    for (int step = 0; step < steps; step++) {
      int op = rnd.nextInt(10);
      if (op < 5) {
        long span = switch (rnd.nextInt(4)) {
          case 0 -> 64;
          case 1 -> 4096;
          case 2 -> 262_144;
          default -> 1L << 30;
        };
        long deadline = now + rnd.nextLong(span);
        TimerEntry e = new TimerEntry(null);
        wheel.insert(e, deadline);
        long effective = Math.max(deadline, now);
        model.computeIfAbsent(effective, k -> new HashSet<>()).add(e);
        live.put(e, effective);
        liveList.add(e);
      } else if (op < 7 && !liveList.isEmpty()) {
        TimerEntry e = liveList.remove(rnd.nextInt(liveList.size()));
        long d = live.remove(e);
        wheel.remove(e);
        Set<TimerEntry> at = model.get(d);
        at.remove(e);
        if (at.isEmpty()) {
          model.remove(d);
        }
      } else {
        long jump = switch (rnd.nextInt(4)) {
          case 0 -> rnd.nextInt(3);
          case 1 -> rnd.nextInt(100);
          case 2 -> rnd.nextInt(10_000);
          default -> rnd.nextInt(2_000_000);
        };
        now += jump;
        List<TimerEntry> fired = drain(wheel, now);
        List<TimerEntry> expected = new ArrayList<>();
        long lastDeadline = Long.MIN_VALUE;
        for (TimerEntry e : fired) {
          Long d = live.remove(e);
          assertTrue(d != null, "fired an entry that was not live (twice, or removed)");
          assertTrue(d <= now, "fired early: deadline " + d + " at " + now);
          assertTrue(d >= lastDeadline, "out of deadline order");
          lastDeadline = d;
          liveList.remove(e);
        }
        var due = model.headMap(now, true);
        for (Set<TimerEntry> s : due.values()) {
          expected.addAll(s);
        }
        assertEquals(new HashSet<>(expected), new HashSet<>(fired), "exactly the due entries fire");
        assertEquals(expected.size(), fired.size());
        due.clear();
      }
      assertEquals(live.size(), wheel.size());
      if (!model.isEmpty()) {
        long next = wheel.nextExpiration();
        assertTrue(next <= model.firstKey(), "nextExpiration " + next + " after " + model.firstKey());
      } else {
        assertEquals(TimerWheel.NONE, wheel.nextExpiration(), "an empty wheel has no expiration");
      }
    }
  }
}
