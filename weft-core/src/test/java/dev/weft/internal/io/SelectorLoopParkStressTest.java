package dev.weft.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SelectorLoop rule 9 under contention: an owner that goes back and forth between sleeping
 * beside its empty selector (PARKED) and waiting in it (a channel registered) never sleeps
 * through the arm of a channel registered by another thread. Each round registers a fresh pipe
 * from the test thread at a random moment of the owner's cycle, arms its read, writes a byte and
 * waits for the reader's wake-up; then closes the pipe, which empties the key set again. A lost
 * wake-up leaves the owner asleep with the byte unread: the round times out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectorLoopParkStressTest {
  private static final int ROUNDS = 2_000;

  @Test
  void armsFromAnotherThreadAlwaysReachAnOwnerThatSleepsBesideItsEmptySelector()
      throws Exception {
    CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();
    SelectorLoop loop = new SelectorLoop((what, t) -> failures.add(t),
        new IdleSpin(0, Long.MAX_VALUE));
    AtomicInteger selects = new AtomicInteger();
    Thread owner = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        // A short timeout now and then, so the owner also re-enters the park with a deadline.
        loop.select(ThreadLocalRandom.current().nextInt(4) == 0 ? 200_000 : SelectorLoop.FOREVER);
        selects.incrementAndGet();
      }
    }, "owner");
    owner.start();
    int parkedAtRegistration = 0;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(50_000)); // a random phase
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        try {
          if (loop.isParked()) {
            parkedAtRegistration++;
          }
          IoRegistration source = loop.register(pipe.source(), SelectionKey.OP_READ, 0);
          AtomicInteger woken = new AtomicInteger();
          Context cx = Context.of(woken::incrementAndGet);
          // A new registration starts out ready: a read finds nothing and clears it.
          source.clearReady(source.pollReady(cx, IoRegistration.READ), IoRegistration.READ);
          assertEquals(IoRegistration.PENDING, source.pollReady(cx, IoRegistration.READ));
          pipe.sink().write(ByteBuffer.wrap(new byte[] {(byte) round}));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (woken.get() == 0) {
            assertTrue(System.nanoTime() < deadline, "round " + round + ": the reader was not"
                + " woken (the owner slept through the arm of a new channel)");
            Thread.onSpinWait();
          }
          assertEquals(1, woken.get(), "round " + round + ": woken once");
          assertNotEquals(IoRegistration.PENDING, source.readyNow(IoRegistration.READ));
          source.deregister();
        } finally {
          pipe.source().close();
          pipe.sink().close();
        }
      }
      assertEquals(0, loop.registeredKeys(), "every closed pipe left the selector");
    } finally {
      owner.interrupt();
      loop.wakeup();
      owner.join(TimeUnit.SECONDS.toMillis(5));
      loop.shutdown();
    }
    assertEquals(0, failures.size(), () -> "selector failures: " + failures);
    // The test means something only if the owner was often asleep beside the empty selector
    // when a channel came: typically most rounds.
    assertTrue(parkedAtRegistration > ROUNDS / 10,
        "the owner was parked at only " + parkedAtRegistration + " of " + ROUNDS + " rounds");
  }
}
