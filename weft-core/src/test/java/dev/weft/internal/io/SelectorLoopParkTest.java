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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SelectorLoop rule 9: with nothing registered, a select that would block sleeps beside the
 * selector (to the microsecond, not the selector's rounded-up millisecond), and every way of
 * waking a blocked select still wakes it: a wake-up, and a channel registered and armed by
 * another thread meanwhile.
 */
class SelectorLoopParkTest {
  private final CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();
  private SelectorLoop loop;
  private Pipe pipe;

  @BeforeEach
  void open() throws Exception {
    // No spin: these tests are about where the owner sleeps, not about the spin before it.
    loop = new SelectorLoop((what, t) -> failures.add(t), new IdleSpin(0, Long.MAX_VALUE));
    pipe = Pipe.open();
    pipe.source().configureBlocking(false);
  }

  @AfterEach
  void close() throws Exception {
    loop.shutdown();
    pipe.source().close();
    pipe.sink().close();
    assertEquals(0, failures.size(), () -> "selector failures: " + failures);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(1);
    }
  }

  private static void assertEnds(Thread t, String what) throws InterruptedException {
    t.join(TimeUnit.SECONDS.toMillis(5));
    assertFalse(t.isAlive(), what);
  }

  @Test
  void aWakeUpEndsTheSleepOfAnOwnerWithNothingRegistered() throws Exception {
    Thread owner = new Thread(() -> loop.select(SelectorLoop.FOREVER), "owner");
    owner.start();
    await(loop::isParked, "the owner sleeps beside the empty selector");
    loop.wakeup();
    assertEnds(owner, "a wake-up did not end the owner's sleep");
    assertFalse(loop.isWoken(), "the select consumed the wake-up");
  }

  @Test
  void aWakeUpBeforeTheSelectIsNotSleptThrough() throws Exception {
    loop.wakeup();
    long began = System.nanoTime();
    loop.select(TimeUnit.SECONDS.toNanos(10));
    assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(5),
        "a pending wake-up must make the select return at once");
    assertFalse(loop.isParked());
  }

  @Test
  void aTimeoutIsKeptToTheMicrosecondNotRoundedUpToAMillisecond() {
    // The selector's path waits ceil(2.5 ms) = 3 ms at least (epoll never returns early), so
    // every one of these selects would be 0.5 ms late or more; the sleep beside it needs only
    // one quick wake-up among them to show.
    long timeout = 2_500_000;
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 21; i++) {
      long began = System.nanoTime();
      loop.select(timeout);
      long took = System.nanoTime() - began;
      assertTrue(took >= timeout, "returned early, after " + took + " ns");
      least = Math.min(least, took - timeout);
    }
    assertTrue(least < 450_000,
        "every select was 0.45 ms late or more (least " + least + " ns): rounded to the ms?");
  }

  @Test
  void aChannelArmedByAnotherThreadWakesTheSleepingOwner() throws Exception {
    AtomicInteger woken = new AtomicInteger();
    Thread owner = new Thread(() -> {
      while (woken.get() == 0 && !Thread.currentThread().isInterrupted()) {
        loop.select(SelectorLoop.FOREVER);
      }
    }, "owner");
    owner.start();
    await(loop::isParked, "the owner sleeps beside the empty selector");
    IoRegistration source = loop.register(pipe.source(), SelectionKey.OP_READ, 0);
    Context cx = Context.of(woken::incrementAndGet);
    // A new registration starts out ready, as a socket may be: a read finds nothing, clears it.
    source.clearReady(source.pollReady(cx, IoRegistration.READ), IoRegistration.READ);
    assertEquals(IoRegistration.PENDING, source.pollReady(cx, IoRegistration.READ)); // arms
    pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
    try {
      assertEnds(owner, "the owner slept through a channel armed while it slept");
    } finally {
      owner.interrupt();
    }
    assertEquals(1, woken.get(), "the reader was woken");
    assertNotEquals(IoRegistration.PENDING, source.readyNow(IoRegistration.READ));
  }

  @Test
  void withAChannelRegisteredTheOwnerWaitsInTheSelector() throws Exception {
    loop.register(pipe.source(), SelectionKey.OP_READ, 0);
    Thread owner = new Thread(() -> loop.select(SelectorLoop.FOREVER), "owner");
    owner.start();
    await(loop::isBlocking, "the owner blocks");
    Thread.sleep(20);
    assertFalse(loop.isParked(), "an owner with a channel registered must wait in the selector");
    loop.wakeup();
    assertEnds(owner, "a wake-up did not end the select");
  }

  @Test
  void anInterruptedOwnerReturnsAtOnceAsASelectDoes() {
    Thread.currentThread().interrupt();
    try {
      long began = System.nanoTime();
      loop.select(TimeUnit.SECONDS.toNanos(10));
      assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(5),
          "an interrupted owner must return at once");
      assertTrue(Thread.currentThread().isInterrupted(), "the flag is the caller's to clear");
    } finally {
      Thread.interrupted();
    }
  }
}
