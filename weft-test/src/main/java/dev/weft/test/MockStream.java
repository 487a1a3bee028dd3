package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Polls a stream's {@link Stream#pollNext pollNext} by hand and counts wake-ups, as
 * {@link MockTask} does for a future: poll, then assert pending, the next item, the end, or a
 * failure.
 *
 * <pre>{@code
 * ManualStream<Integer> source = new ManualStream<>();
 * MockStream<Integer> task = MockStream.of(source.map(x -> x + 1));
 * task.assertPending();
 * source.push(1);
 * assertTrue(task.isWoken());
 * assertEquals(2, task.assertNext());
 * source.end();
 * task.assertEnd();
 * }</pre>
 *
 * <p>Poll from one thread; wake-ups may come from any.
 *
 * @param <T> the type of the stream's items
 */
public final class MockStream<T> {
  private final Stream<T> stream;
  private final CountingWaker waker = new CountingWaker();

  private MockStream(Stream<T> stream) {
    this.stream = stream;
  }

  /**
   * A mock task that will poll {@code stream}; nothing is polled yet.
   *
   * @param <T> the type of the stream's items
   * @param stream the stream to poll by hand
   * @return a new mock stream task
   */
  public static <T> MockStream<T> of(Stream<T> stream) {
    return new MockStream<>(stream);
  }

  /**
   * Polls once (clearing the woken flag first). A failure is thrown as the stream threw it.
   *
   * @return what {@code pollNext} returned: pending, an item, or empty for the end
   */
  public Poll<Optional<T>> poll() {
    waker.beforePoll();
    return stream.pollNext(waker.context());
  }

  /**
   * Whether the waker was called since the last poll began.
   *
   * @return true if the task was woken since the last poll
   */
  public boolean isWoken() {
    return waker.isWoken();
  }

  /**
   * Wake-ups since the task was made.
   *
   * @return the number of wake-ups so far
   */
  public int wakeCount() {
    return waker.wakeCount();
  }

  /**
   * Polls since the task was made.
   *
   * @return the number of polls so far
   */
  public int pollCount() {
    return waker.pollCount();
  }

  /**
   * The context every poll of this task passes, whose waker counts.
   *
   * @return the task's context
   */
  public Context context() {
    return waker.context();
  }

  /** Polls and asserts pending. */
  public void assertPending() {
    Poll<Optional<T>> p = poll();
    assertFalse(p.isReady(), () -> "expected pending, got " + p);
  }

  /**
   * Polls and asserts an item.
   *
   * @return the item
   */
  public T assertNext() {
    Poll<Optional<T>> p = poll();
    if (!p.isReady()) {
      fail("expected an item, got pending");
    }
    assertNotNull(p.value(), "ready(null) from pollNext");
    return p.value().orElseGet(() -> fail("expected an item, got the end"));
  }

  /** Polls and asserts the end of the stream. */
  public void assertEnd() {
    Poll<Optional<T>> p = poll();
    assertEquals(Poll.ready(Optional.empty()), p, "expected the end");
  }

  /**
   * Polls, asserts that the poll threw, and returns what it threw. Only the poll is inside the
   * {@code try} (see {@link MockTask#assertFails()}); an {@link AssertionError} from the poll
   * fails the test.
   *
   * @return what the poll threw
   */
  public Throwable assertFails() {
    Poll<Optional<T>> p;
    try {
      p = poll();
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
    return fail("expected the poll to fail, got " + p);
  }

  /**
   * Polls until the end, asserting that each pending poll had arranged a wake-up that already
   * came (for streams whose inputs are ready or wake themselves); returns the items.
   *
   * @param maxPolls the most polls to make before failing
   * @return every item, in order
   */
  public List<T> drain(int maxPolls) {
    List<T> items = new ArrayList<>();
    for (int i = 0; i < maxPolls; i++) {
      Poll<Optional<T>> p = poll();
      if (p.isReady()) {
        if (p.value().isEmpty()) {
          return items;
        }
        items.add(p.value().get());
      } else {
        waker.assertWokenAfterPending();
      }
    }
    return fail("no end after " + maxPolls + " polls");
  }

  /**
   * Polls until an item comes, asserting that each pending poll had arranged a wake-up that
   * already came; returns the item.
   *
   * @param maxPolls the most polls to make before failing
   * @return the first item
   */
  public T drainUntilItem(int maxPolls) {
    for (int i = 0; i < maxPolls; i++) {
      Poll<Optional<T>> p = poll();
      if (p.isReady()) {
        return p.value().orElseGet(() -> fail("expected an item, got the end"));
      }
      waker.assertWokenAfterPending();
    }
    return fail("no item after " + maxPolls + " polls");
  }

  /** Cancels the stream, as its owner does when it stops reading it before the end. */
  public void cancel() {
    stream.cancel();
  }
}
