package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task makes a {@link Context} for its first poll and keeps none (most tasks are polled once,
 * or go idle after it: a million idle tasks would hold 16 MB of contexts), then keeps the one it
 * makes for its second poll for every poll after it (a task polled twice is likely polled often,
 * and a context a poll would be an allocation a poll). Every context carries the task's waker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskContextKeptFromSecondPollTest {

  @ParameterizedTest
  @EnumSource
  void theFirstPollsContextIsNotKeptAndTheSecondOnesServesEveryLaterPoll(RuntimeFlavour flavour) {
    List<Context> seen = new CopyOnWriteArrayList<>();
    Future<Integer> fourPolls = cx -> {
      seen.add(cx);
      if (seen.size() == 4) {
        return Poll.ready(4);
      }
      cx.waker().wake(); // poll me again
      return Poll.pending();
    };
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(4, rt.blockOn(rt.spawn(fourPolls)));
    }
    assertEquals(4, seen.size());
    assertNotSame(seen.get(0), seen.get(1), "the first poll's context was kept");
    assertSame(seen.get(1), seen.get(2), "the second poll's context was not kept");
    assertSame(seen.get(1), seen.get(3), "the second poll's context was not kept");
    for (Context cx : seen) {
      assertSame(seen.get(0).waker(), cx.waker(), "every poll has the task's own waker");
    }
  }
}
