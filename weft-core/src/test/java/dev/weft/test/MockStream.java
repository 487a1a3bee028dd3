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
 * Polls a stream's {@code pollNext} by hand and counts wake-ups, as {@link MockTask} does for a
 * future: poll, then assert pending, next item, end, or failure.
 *
 * <pre>{@code
 * var task = MockStream.of(stream);
 * task.assertPending();
 * source.push(1);
 * assertTrue(task.isWoken());
 * assertEquals(1, task.assertNext());
 * }</pre>
 */
public final class MockStream<T> {
  private final Stream<T> stream;
  private final CountingWaker waker = new CountingWaker();

  private MockStream(Stream<T> stream) {
    this.stream = stream;
  }

  public static <T> MockStream<T> of(Stream<T> stream) {
    return new MockStream<>(stream);
  }

  /** Polls once (clearing the woken flag first); a failure is thrown as the stream threw it. */
  public Poll<Optional<T>> poll() {
    waker.beforePoll();
    return stream.pollNext(waker.context());
  }

  public boolean isWoken() {
    return waker.isWoken();
  }

  public int wakeCount() {
    return waker.wakeCount();
  }

  public int pollCount() {
    return waker.pollCount();
  }

  public Context context() {
    return waker.context();
  }

  /** Polls and asserts pending. */
  public void assertPending() {
    Poll<Optional<T>> p = poll();
    assertFalse(p.isReady(), () -> "expected pending, got " + p);
  }

  /** Polls and asserts an item; returns it. */
  public T assertNext() {
    Poll<Optional<T>> p = poll();
    if (!p.isReady()) {
      fail("expected an item, got pending");
    }
    assertNotNull(p.value(), "ready(null) from pollNext");
    return p.value().orElseThrow(() -> new AssertionError("expected an item, got the end"));
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
      } else waker.assertWokenAfterPending();
    }
    return fail("no end after " + maxPolls + " polls");
  }

  /**
   * Polls until an item comes, asserting that each pending poll had arranged a wake-up that
   * already came; returns the item.
   */
  public T drainUntilItem(int maxPolls) {
    for (int i = 0; i < maxPolls; i++) {
      Poll<Optional<T>> p = poll();
      if (p.isReady()) {
        return p.value().orElseThrow(() -> new AssertionError("expected an item, got the end"));
      }
      waker.assertWokenAfterPending();
    }
    return fail("no item after " + maxPolls + " polls");
  }

  public void cancel() {
    stream.cancel();
  }
}
