package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Receiver;
import dev.weft.sync.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Wake-ups from other threads that land while a runtime's thread spins on its selector before
 * blocking (SelectorLoop, IdleSpin) are never lost: producers on plain threads send with pauses
 * that are mostly shorter than the spin (so the consumer's runtime learns to spin) and now and
 * then longer (so it also blocks), and the one consumer task must receive every value once. A
 * lost wake-up would leave the consumer asleep with values queued: the test would time out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleSpinWakeStressTest {
  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 40_000;

  @Test
  void theCurrentThreadRuntimeLosesNoWakeUpWhileItSpins() throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().slowPollDetection(false)
        .build()) {
      run(rt);
    }
  }

  @Test
  void theMultiThreadRuntimeWithASharedSelectorLosesNoWakeUpWhileItSpins() throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2)
        .selectors(Selectors.SHARED).slowPollDetection(false).build()) {
      run(rt);
    }
  }

  private static void run(AsyncRuntime rt) throws Exception {
    for (int rep = 0; rep < 3; rep++) {
      Mpsc.Channel<Integer> ch = Mpsc.unbounded();
      long[] received = new long[PRODUCERS];
      long[] sums = new long[2]; // count, sum
      Receiver<Integer> rx = ch.receiver();
      Future<long[]> consumer = Futures.pollFn(cx -> {
        for (;;) {
          Poll<Optional<Integer>> p = rx.pollNext(cx);
          if (!p.isReady()) {
            return Poll.pending();
          }
          Optional<Integer> v = p.value();
          if (v.isEmpty()) {
            return Poll.ready(sums);
          }
          int value = v.get();
          int producer = value / PER_PRODUCER;
          assertEquals(received[producer], value % PER_PRODUCER, "out of order or duplicated");
          received[producer]++;
          sums[0]++;
          sums[1] += value;
        }
      });
      JoinHandle<long[]> handle = rt.spawn(consumer);
      List<Thread> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        Sender<Integer> tx = ch.sender().clone();
        int base = p * PER_PRODUCER;
        Thread t = new Thread(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          try (tx) {
            for (int i = 0; i < PER_PRODUCER; i++) {
              assertTrue(tx.trySend(base + i));
              if (random.nextInt(500) == 0) {
                LockSupport.parkNanos(200_000); // a spell longer than the spin
              } else {
                long until = System.nanoTime() + random.nextInt(20_000);
                while (System.nanoTime() < until) {
                  Thread.onSpinWait(); // a spell shorter than the spin
                }
              }
            }
          }
        }, "producer-" + p);
        producers.add(t);
        t.start();
      }
      ch.sender().close();
      long[] result = rt.blockOn(handle);
      for (Thread t : producers) {
        t.join();
      }
      long n = (long) PRODUCERS * PER_PRODUCER;
      assertEquals(n, result[0], "values received");
      assertEquals(n * (n - 1) / 2, result[1], "sum of the values received");
    }
    long spins = 0;
    for (IoDriver io : rt.ioDrivers()) {
      spins += io.loop.spins();
    }
    assertTrue(spins > 0, "the runtime never spun: the test did not exercise the spin");
  }
}
