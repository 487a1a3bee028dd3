package dev.weft.net;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.test.MockTask;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Regression: closing a socket from outside the runtime could leave a worker asleep in its
 * selector for good, and the next close of a socket on that selector, or the runtime's
 * {@code close()}, hung.
 *
 * <p>The race, on a multi-thread runtime with a selector per worker: a worker announces it is
 * about to block in its selector (state SELECTING). A thread outside the runtime cancels a
 * pending receive: the interest change must reach that select, so it swaps the state to WOKEN
 * and calls {@code Selector.wakeup()}. The same thread then closes the socket, and to release
 * the descriptor before {@code close()} returns it selects once itself ({@code selectNow}). It
 * gets the selector before the worker does, and its select consumes the wake-up. The worker
 * then blocks with the state still WOKEN: every later {@code wakeup()} takes WOKEN as "already
 * woken" and skips the system call, so neither the runtime's unpark nor a closer's wake-up
 * reaches it again. The fix: a closer that finds the state other than IDLE wakes the selector
 * again after its own select.
 *
 * <p>It needs the two threads to interleave at one point, so the test runs several runtimes at
 * once, many rounds each; before the fix it hung in most runs on a two-core machine.
 */
class CloserConsumedTheOwnersWakeUpTest {
  private static final int RUNTIMES_AT_ONCE = 4;
  private static final int RUNTIMES_EACH = 40;
  private static final int ROUNDS = 20;

  @Test
  void closingFromOutsideNeverLeavesAWorkerAsleep() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RUNTIMES_AT_ONCE);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < RUNTIMES_AT_ONCE; i++) {
        done.add(threads.submit(CloserConsumedTheOwnersWakeUpTest::cancelThenCloseManyTimes));
      }
      for (Future<Integer> f : done) {
        try {
          assertEquals(RUNTIMES_EACH * ROUNDS, f.get(60, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
          fail("a close hangs: a worker sleeps in its selector with its wake-up consumed");
        }
      }
    } finally {
      threads.shutdownNow(); // a hung thread stays hung: it is the defect, reported above
    }
  }

  private static int cancelThenCloseManyTimes() throws Exception {
    int rounds = 0;
    for (int r = 0; r < RUNTIMES_EACH; r++) {
      try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(4).build()) {
        for (int round = 0; round < ROUNDS; round++) {
          UdpSocket udp = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
          rt.blockOn(async(() -> {
            MockTask<InetSocketAddress> receive =
                MockTask.of(udp.receiveFrom(ByteBuffer.allocate(1)));
            receive.assertPending(); // interest registered with a worker's selector
            receive.cancel(); // interest dropped from this thread: wakes that selector
            return null;
          }));
          udp.close(); // selects once on that selector from this thread
          // (Binding the port again would race the other threads' binds to port 0: whether
          // close releases the port is ClosedListenerKeptItsPortTest's question.)
          rounds++;
        }
      }
    }
    return rounds;
  }
}
