package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules of {@link OnceCell}, one test each. */
class OnceCellTest {

  @Test
  void setOnceThenGet() {
    OnceCell<String> c = new OnceCell<>();
    assertEquals(Optional.empty(), c.get());
    assertTrue(c.set("a"));
    assertFalse(c.set("b"));
    assertEquals(Optional.of("a"), c.get());
    assertThrows(NullPointerException.class, () -> c.set(null));
  }

  @Test
  void getOrInitRunsOneInitAndTheOthersWaitForIt() {
    OnceCell<Integer> c = new OnceCell<>();
    ManualFuture<Integer> init = new ManualFuture<>();
    AtomicInteger calls = new AtomicInteger();
    MockTask<Integer> a = MockTask.of(c.getOrInit(() -> {
      calls.incrementAndGet();
      return init;
    }));
    MockTask<Integer> b = MockTask.of(c.getOrInit(() -> {
      calls.incrementAndGet();
      return Futures.ready(99);
    }));
    a.assertPending();
    b.assertPending();
    assertEquals(1, calls.get());
    init.complete(7);
    assertEquals(7, a.assertReady());
    assertTrue(b.isWoken());
    assertEquals(7, b.assertReady());
    assertEquals(1, calls.get());
    assertEquals(Optional.of(7), c.get());
  }

  @Test
  void setWhileAnInitRunsReturnsFalse() {
    OnceCell<Integer> c = new OnceCell<>();
    ManualFuture<Integer> init = new ManualFuture<>();
    MockTask<Integer> a = MockTask.of(c.getOrInit(() -> init));
    a.assertPending();
    assertFalse(c.set(1));
    init.complete(2);
    assertEquals(2, a.assertReady());
  }

  @Test
  void aFailedInitLetsTheNextCallerRunItsOwn() {
    OnceCell<Integer> c = new OnceCell<>();
    ManualFuture<Integer> init = new ManualFuture<>();
    MockTask<Integer> a = MockTask.of(c.getOrInit(() -> init));
    MockTask<Integer> b = MockTask.of(c.getOrInit(() -> Futures.ready(5)));
    a.assertPending();
    b.assertPending();
    IOException boom = new IOException("boom");
    init.fail(boom);
    assertSame(boom, a.assertFails());
    assertTrue(b.isWoken());
    assertEquals(5, b.assertReady());
  }

  @Test
  void cancellingTheInitializingCallerCancelsItsInitAndTheNextTries() {
    OnceCell<Integer> c = new OnceCell<>();
    ManualFuture<Integer> init = new ManualFuture<>();
    MockTask<Integer> a = MockTask.of(c.getOrInit(() -> init));
    MockTask<Integer> b = MockTask.of(c.getOrInit(() -> Futures.ready(6)));
    a.assertPending();
    b.assertPending();
    a.cancel();
    assertTrue(init.isCancelled());
    assertTrue(b.isWoken());
    assertEquals(6, b.assertReady());
  }

  @Test
  void aCancelledWaiterLeavesTheQueue() {
    OnceCell<Integer> c = new OnceCell<>();
    ManualFuture<Integer> init = new ManualFuture<>();
    MockTask<Integer> a = MockTask.of(c.getOrInit(() -> init));
    MockTask<Integer> b = MockTask.of(c.getOrInit(() -> Futures.ready(6)));
    a.assertPending();
    b.assertPending();
    b.cancel();
    init.complete(1);
    assertEquals(1, a.assertReady());
    assertFalse(b.isWoken(), "a cancelled waiter was still woken");
  }

  @Test
  void aNullFromTheInitIsRejected() {
    OnceCell<Integer> c = new OnceCell<>();
    assertThrows(NullPointerException.class, () -> c.getOrInit(null));
    assertTrue(MockTask.of(c.getOrInit(() -> Futures.ready(null))).assertFails() instanceof NullPointerException);
    assertEquals(3, MockTask.of(c.getOrInit(() -> Futures.ready(3))).assertReady());
  }

  @Test
  void setWakesWaitingCallers() {
    OnceCell<Integer> c = new OnceCell<>();
    assertTrue(c.set(4));
    assertEquals(4, MockTask.of(c.getOrInit(() -> Futures.ready(8))).assertReady());
  }
}
