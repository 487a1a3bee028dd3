package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.MockStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@code Streams.of(1, null, 3)} threw a bare {@link NullPointerException} (the one
 * {@code List.of} throws, with no message), so the user could not tell which argument was null
 * nor that stream items must be non-null; {@code fromIterable} named neither the item's index.
 * {@code Futures.race} names the index of a null future ("future 1"); the stream factories now
 * name the index of a null item the same way, at the call for {@code of} and for a
 * {@code Collection}, and at the poll that meets it for any other {@code Iterable}. The audit
 * found the same bare exception in {@code race}'s varargs form, which went through
 * {@code List.of} before its own check.
 */
class NullStreamItemBareNpeTest {

  private static void assertNamesItem(int index, NullPointerException e) {
    String m = e.getMessage();
    assertTrue(m != null && m.contains("item " + index), "the index is named: " + m);
    assertTrue(m.contains("non-null"), "the rule is named: " + m);
  }

  @Test
  void ofNamesTheIndexOfANullItem() {
    assertNamesItem(1, assertThrows(NullPointerException.class, () -> Streams.of(1, null, 3)));
    assertNamesItem(0, assertThrows(NullPointerException.class, () -> Streams.of((Object) null)));
  }

  @Test
  void ofANullArrayNamesTheArgument() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Streams.of((Object[]) null));
    assertEquals("items", e.getMessage());
  }

  @Test
  void fromIterableOfACollectionNamesTheIndexOfANullItemAtTheCall() {
    assertNamesItem(2, assertThrows(NullPointerException.class,
        () -> Streams.fromIterable(Arrays.asList("a", "b", null))));
  }

  @Test
  void fromIterableOfAnotherIterableNamesTheIndexOfANullItemWhenItComes() {
    Iterable<String> lazy = () -> Arrays.asList("a", null).iterator();
    MockStream<String> s = MockStream.of(Streams.fromIterable(lazy));
    assertEquals("a", s.assertNext());
    assertNamesItem(1, assertThrows(NullPointerException.class, s::poll));
  }

  @Test
  void aNullIteratorIsNamed() {
    Iterable<String> broken = () -> (Iterator<String>) null;
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> MockStream.of(Streams.fromIterable(broken)).poll());
    assertTrue(e.getMessage().contains("iterator() returned null"), e.getMessage());
  }

  @Test
  void raceOfArgumentsNamesTheIndexOfANullFuture() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Futures.race(Futures.ready(1), null));
    assertEquals("future 1", e.getMessage());
  }

  @Test
  void theItemsArrayIsCopiedAtTheCall() {
    Integer[] items = {1, 2};
    Stream<Integer> s = Streams.of(items);
    items[0] = 9;
    assertEquals(List.of(1, 2), MockStream.of(s).drain(10));
  }
}
