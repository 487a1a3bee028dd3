package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.stream.Streams;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Regression: {@code MockStream.assertNext()} and {@code drainUntilItem} reported "expected an
 * item, got the end" with a bare {@link AssertionError}.
 *
 * <ol>
 *   <li>A test asserts the next item of a stream that has in fact ended;
 *   <li>{@code assertNext()} built its complaint with {@code new AssertionError(...)}, while
 *       every other assertion of the kit ({@code assertPending}, {@code assertEnd}, "expected
 *       an item, got pending") fails through JUnit's {@code fail}, an
 *       {@link AssertionFailedError};
 *   <li>so the one outcome came out as a different type: a test of the kit that expected
 *       {@code AssertionFailedError} for every wrong outcome failed on this one, and IDEs and
 *       reports that treat opentest4j's type specially showed it differently.
 * </ol>
 *
 * <p>Now both fail through {@code fail(...)}, as the rest of the kit does.
 */
class ItemExpectedAtTheEndBareAssertionErrorTest {

  @Test
  void assertNextAtTheEndFailsAsTheOtherAssertionsDo() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        MockStream.of(Streams.empty())::assertNext);
    assertEquals("expected an item, got the end", e.getMessage());
  }

  @Test
  void drainUntilItemAtTheEndFailsAsTheOtherAssertionsDo() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> MockStream.of(new ManualStream<Integer>().end()).drainUntilItem(3));
    assertEquals("expected an item, got the end", e.getMessage());
  }
}
