package dev.weft.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A selector's owner spins before it blocks once its spells have been short (IdleSpin), and the
 * spin keeps every rule of a select: a wake-up, readiness, a closer or the timeout ends it, and
 * a spin that finds nothing blocks.
 */
class SelectorLoopSpinTest {
  private static final long LONG_SPIN = TimeUnit.SECONDS.toNanos(5);

  private final CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();
  private Pipe pipe;
  private SelectorLoop loop;
  private IoRegistration source;

  @BeforeEach
  void openPipe() throws Exception {
    pipe = Pipe.open();
    pipe.source().configureBlocking(false);
  }

  @AfterEach
  void close() throws Exception {
    if (loop != null) {
      loop.shutdown();
    }
    pipe.source().close();
    pipe.sink().close();
    assertEquals(0, failures.size(), () -> "selector failures: " + failures);
  }

  /**
   * A loop with the given spin that counts a gap of more than {@code preemptedGapNanos} between
   * two polls as preemption, already taught to spin, with the pipe's source registered.
   */
  private SelectorLoop trainedLoop(long spinNanos, long preemptedGapNanos) throws Exception {
    loop = new SelectorLoop((what, t) -> failures.add(t),
        new IdleSpin(spinNanos, preemptedGapNanos));
    source = loop.register(pipe.source(), SelectionKey.OP_READ, 0);
    loop.idleSpin().spellEnded(0);
    assertTrue(loop.idleSpin().shouldSpin());
    return loop;
  }

  /**
   * A loop with the given spin, already taught to spin, with the pipe's source registered. Its
   * spin never counts itself preempted: on a loaded test machine the owner may well be
   * descheduled mid-spin, and would then block instead of spinning (IdleSpin rule 2), which
   * these tests would take for a failure.
   */
  private SelectorLoop trainedLoop(long spinNanos) throws Exception {
    return trainedLoop(spinNanos, Long.MAX_VALUE);
  }

  private static Thread selectForever(SelectorLoop loop) {
    Thread t = new Thread(() -> loop.select(SelectorLoop.FOREVER), "owner");
    t.start();
    return t;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(1);
    }
  }

  private static void assertEnds(Thread t) throws InterruptedException {
    t.join(TimeUnit.SECONDS.toMillis(5));
    assertFalse(t.isAlive(), "the select did not return");
  }

  @Test
  void aWakeUpEndsASpinWithoutABlockingSelect() throws Exception {
    trainedLoop(LONG_SPIN);
    AtomicBoolean blocked = new AtomicBoolean();
    Thread owner = selectForever(loop);
    await(loop::isSpinning, "the owner spins");
    loop.wakeup();
    while (owner.isAlive()) {
      blocked.compareAndSet(false, loop.isBlocking());
      owner.join(1);
    }
    assertFalse(blocked.get(), "a wake-up during the spin must not leave the owner blocked");
    assertFalse(loop.isWoken(), "the select consumed the wake-up");
    assertTrue(loop.idleSpin().shouldSpin(), "a short spell keeps the spin");
  }

  @Test
  void readinessFoundByTheSpinIsDispatchedAndCounted() throws Exception {
    trainedLoop(LONG_SPIN);
    AtomicInteger woken = new AtomicInteger();
    Context cx = Context.of(woken::incrementAndGet);
    // A new registration starts out ready, as a socket may be: a read finds nothing and clears it.
    source.clearReady(source.pollReady(cx, IoRegistration.READ), IoRegistration.READ);
    assertEquals(IoRegistration.PENDING, source.pollReady(cx, IoRegistration.READ));
    Thread owner = selectForever(loop);
    await(loop::isSpinning, "the owner spins");
    pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
    assertEnds(owner);
    assertEquals(1, woken.get(), "the reader was woken");
    assertNotEquals(IoRegistration.PENDING, source.readyNow(IoRegistration.READ));
    assertEquals(1, loop.readyTurns(), "a spin that found readiness counts as a ready turn");
  }

  @Test
  void aSpinThatFindsNothingBlocksAndALongSpellEndsTheSpinning() throws Exception {
    trainedLoop(TimeUnit.MILLISECONDS.toNanos(2));
    Thread owner = selectForever(loop);
    await(loop::isBlocking, "the spin ran out and the owner blocked");
    Thread.sleep(5); // the spell is now longer than the spin
    loop.wakeup();
    assertEnds(owner);
    assertFalse(loop.idleSpin().shouldSpin(), "one long spell after one short one: block next");
  }

  @Test
  void aSpinThatFindsItWasDescheduledBlocksAtOnceAndStopsSpinning() throws Exception {
    trainedLoop(LONG_SPIN, 1); // any gap between two polls counts as being descheduled
    Thread owner = selectForever(loop);
    long began = System.nanoTime();
    await(loop::isBlocking, "the owner gave up its spin and blocked");
    assertTrue(System.nanoTime() - began < LONG_SPIN, "it spun its whole spin");
    loop.wakeup();
    assertEnds(owner);
    assertTrue(loop.idleSpin().score() < 0, "score " + loop.idleSpin().score());
    for (int i = 0; i < 10; i++) {
      loop.idleSpin().spellEnded(0);
    }
    assertFalse(loop.idleSpin().shouldSpin(), "ten short spells do not undo a preemption");
  }

  @Test
  void aTimeoutShorterThanTheSpinEndsTheSelectOnTime() throws Exception {
    trainedLoop(LONG_SPIN);
    long began = System.nanoTime();
    loop.select(TimeUnit.MILLISECONDS.toNanos(3));
    long took = System.nanoTime() - began;
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(3), "returned after " + took + " ns");
    assertTrue(took < TimeUnit.SECONDS.toNanos(2), "the spin ignored the timeout: " + took);
  }

  @Test
  void aTimeoutLongerThanTheSpinIsKeptByTheBlockingSelectAfterIt() throws Exception {
    trainedLoop(TimeUnit.MILLISECONDS.toNanos(1));
    long began = System.nanoTime();
    loop.select(TimeUnit.MILLISECONDS.toNanos(20));
    long took = System.nanoTime() - began;
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(20), "returned after " + took + " ns");
  }

  @Test
  void aSelectorNotAllowedToSpinBlocksAtOnce() throws Exception {
    trainedLoop(LONG_SPIN);
    loop.spinAllowed(() -> false);
    AtomicBoolean spun = new AtomicBoolean();
    Thread owner = selectForever(loop);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!loop.isBlocking()) {
      spun.compareAndSet(false, loop.isSpinning());
      assertTrue(System.nanoTime() < deadline, "the owner never blocked");
      Thread.onSpinWait();
    }
    assertFalse(spun.get());
    loop.wakeup();
    assertEnds(owner);
  }

  @Test
  void aCloserDuringASpinGetsTheSelectorAndItsSocketIsReleased() throws Exception {
    trainedLoop(LONG_SPIN);
    Thread owner = selectForever(loop);
    await(loop::isSpinning, "the owner spins");
    pipe.source().close();
    source.deregister(); // selects once itself, between two of the spinner's polls
    assertFalse(pipe.source().isRegistered(), "the closed channel's key was dropped");
    // The spinner stops if it sees the closer waiting; a closer that came and went between two
    // of its polls leaves it spinning, which is no harm: it was not blocked.
    loop.wakeup();
    assertEnds(owner);
  }
}
