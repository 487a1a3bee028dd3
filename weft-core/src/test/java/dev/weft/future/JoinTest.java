package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JoinTest {

  @Test
  void joinReturnsInArgumentOrderWhateverTheCompletionOrder() {
    ManualFuture<String> a = new ManualFuture<>("a");
    ManualFuture<Integer> b = new ManualFuture<>("b");
    MockTask<Tuple2<String, Integer>> t = MockTask.of(Futures.join(a, b));
    t.assertPending();
    b.complete(2);
    assertTrue(t.isWoken());
    t.assertPending();
    a.complete("one");
    assertTrue(t.isWoken());
    assertEquals(new Tuple2<>("one", 2), t.assertReady());
  }

  @Test
  void joinOfThree() {
    ManualFuture<Integer> c = new ManualFuture<>();
    MockTask<Tuple3<Integer, String, Integer>> t =
        MockTask.of(Futures.join(Futures.ready(1), Futures.ready("2"), c));
    t.assertPending();
    c.complete(3);
    assertEquals(new Tuple3<>(1, "2", 3), t.assertReady());
  }

  @Test
  void joinPollsBothConcurrentlyWithinOneTask() {
    ManualFuture<Integer> a = new ManualFuture<>("a");
    ManualFuture<Integer> b = new ManualFuture<>("b");
    MockTask.of(Futures.join(a, b)).assertPending();
    assertEquals(1, a.pollCount());
    assertEquals(1, b.pollCount(), "the second input is polled although the first is pending");
  }

  @Test
  void joinRePollsOnlyWokenInputs() {
    List<ManualFuture<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      inputs.add(new ManualFuture<>("f" + i));
    }
    MockTask<List<Integer>> t = MockTask.of(Futures.joinAll(inputs));
    t.assertPending();
    inputs.get(42).complete(42);
    t.assertPending();
    for (int i = 0; i < 100; i++) {
      assertEquals(i == 42 ? 2 : 1, inputs.get(i).pollCount(), "input " + i);
    }
  }

  @Test
  void joinWaitsForAllThenFailsWithTheFirstFailureInArgumentOrderWithOthersSuppressed() {
    ManualFuture<Integer> a = new ManualFuture<>("a");
    ManualFuture<Integer> b = new ManualFuture<>("b");
    ManualFuture<Integer> c = new ManualFuture<>("c");
    MockTask<List<Integer>> t = MockTask.of(Futures.joinAll(List.of(a, b, c)));
    t.assertPending();
    IOException second = new IOException("b failed");
    IllegalStateException first = new IllegalStateException("a failed");
    b.fail(second); // fails first in time, second in argument order
    t.assertPending();
    a.fail(first);
    t.assertPending(); // c still runs: join waits for all
    assertFalse(c.isCancelled());
    c.complete(3);
    Throwable thrown = t.assertFails();
    assertSame(first, thrown);
    assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed());
  }

  @Test
  void joinOfTwoFailuresAtBlockOnWrapsACheckedFirstFailure() {
    IOException io = new IOException();
    CompletionException e = assertThrows(CompletionException.class,
        () -> Futures.blockOn(Futures.join(Futures.failed(io), Futures.ready(1))));
    assertSame(io, e.getCause());
  }

  @Test
  void theSameExceptionTwiceIsNotSuppressedIntoItself() {
    IllegalStateException same = new IllegalStateException();
    Throwable t = MockTask.of(Futures.join(Futures.failed(same), Futures.failed(same))).assertFails();
    assertSame(same, t);
    assertEquals(0, t.getSuppressed().length);
  }

  @Test
  void emptyJoinAllAndTryJoinAllAreReadyWithAnEmptyList() {
    assertEquals(List.of(), MockTask.of(Futures.joinAll(List.<Future<Integer>>of())).assertReady());
    assertEquals(List.of(), MockTask.of(Futures.tryJoinAll(List.<Future<Integer>>of())).assertReady());
  }

  @Test
  void joinAllAllowsNullValues() {
    assertEquals(Collections.singletonList(null),
        MockTask.of(Futures.joinAll(List.of(Futures.ready((Object) null)))).assertReady());
  }

  @Test
  void tryJoinCancelsTheUnfinishedSiblingsAtTheFirstFailureAndTheirFinallyRan() {
    ManualFuture<Integer> neverA = new ManualFuture<>("a");
    ManualFuture<Integer> neverB = new ManualFuture<>("b");
    ManualFuture<Integer> failing = new ManualFuture<>("failing");
    List<String> trace = Collections.synchronizedList(new ArrayList<>());
    Future<Integer> blockA = async(() -> {
      try {
        return neverA.await();
      } finally {
        trace.add("a finally");
      }
    });
    Future<Integer> blockB = async(() -> {
      try {
        return neverB.await();
      } finally {
        trace.add("b finally");
      }
    });
    MockTask<Tuple3<Integer, Integer, Integer>> t =
        MockTask.of(Futures.tryJoin(blockA, failing, blockB));
    t.assertPending();
    IOException io = new IOException();
    failing.fail(io);
    assertSame(io, t.assertFails());
    assertEquals(List.of("a finally", "b finally"), trace);
    assertTrue(neverA.isCancelled());
    assertTrue(neverB.isCancelled());
  }

  @Test
  void tryJoinSucceedsWhenAllSucceed() {
    assertEquals(new Tuple2<>(1, 2),
        MockTask.of(Futures.tryJoin(Futures.ready(1), Futures.ready(2))).assertReady());
    assertEquals(List.of(1, 2, 3), Futures.blockOn(
        Futures.tryJoinAll(List.of(Futures.ready(1), Futures.ready(2), Futures.ready(3)))));
  }

  @Test
  void tryJoinAllStopsAtTheFirstFailure() {
    ManualFuture<Integer> slow = new ManualFuture<>("slow");
    MockTask<List<Integer>> t = MockTask.of(Futures.tryJoinAll(
        List.of(slow, Futures.failed(new IllegalArgumentException()), Futures.ready(3))));
    assertInstanceOf(IllegalArgumentException.class, t.assertFails());
    assertTrue(slow.isCancelled());
  }

  @Test
  void cancellingAJoinCancelsItsUnfinishedInputs() {
    ManualFuture<Integer> a = new ManualFuture<>("a");
    ManualFuture<Integer> b = new ManualFuture<>("b");
    Future<Tuple2<Integer, Integer>> j = Futures.join(a, b);
    MockTask<Tuple2<Integer, Integer>> t = MockTask.of(j);
    t.assertPending();
    a.complete(1);
    t.assertPending();
    j.cancel();
    assertFalse(a.isCancelled(), "finished inputs are not cancelled");
    assertTrue(b.isCancelled());
  }

  @Test
  void joinAllOfManyFuturesWokenInRandomOrder() {
    int n = 10_000;
    List<ManualFuture<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inputs.add(new ManualFuture<>());
    }
    MockTask<List<Integer>> t = MockTask.of(Futures.joinAll(inputs));
    t.assertPending();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    AtomicInteger done = new AtomicInteger();
    for (int i : order) {
      inputs.get(i).complete(i);
      if (done.incrementAndGet() % 1000 == 0 && done.get() < n) {
        t.assertPending();
      }
    }
    List<Integer> result = t.assertReady();
    for (int i = 0; i < n; i++) {
      assertEquals(i, result.get(i));
      assertTrue(inputs.get(i).pollCount() <= 2, "each input polled at most once per wake");
    }
  }
}
