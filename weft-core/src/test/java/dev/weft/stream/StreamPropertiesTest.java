package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.test.MockStream;
import dev.weft.test.YieldingFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The combinators against {@code java.util.stream} on random lists (jqwik). Each property runs
 * on a source that is always ready and on one that is pending now and then (it waits for a
 * future that wakes itself), so both paths of every combinator are checked; the second is
 * drained by a mock task that fails if a pending poll had not arranged its wake-up.
 */
class StreamPropertiesTest {

  private static Stream<Integer> source(List<Integer> items, boolean yielding) {
    Stream<Integer> s = Streams.fromIterable(items);
    return yielding ? s.then(x -> YieldingFuture.after(Math.floorMod(x, 3), x)) : s;
  }

  private static <T> List<T> run(Stream<T> s) {
    return MockStream.of(s).drain(1_000_000);
  }

  @Property(tries = 300)
  void mapIsJavaUtilStreamMap(@ForAll @Size(max = 60) List<Integer> items, @ForAll boolean yielding) {
    Function<Integer, Integer> f = x -> x * 31 + 7;
    assertEquals(items.stream().map(f).toList(), run(source(items, yielding).map(f)));
  }

  @Property(tries = 300)
  void filterIsJavaUtilStreamFilter(@ForAll @Size(max = 60) List<Integer> items, @ForAll boolean yielding,
      @ForAll @IntRange(min = 1, max = 5) int modulus) {
    assertEquals(items.stream().filter(x -> x % modulus == 0).toList(),
        run(source(items, yielding).filter(x -> x % modulus == 0)));
  }

  @Property(tries = 300)
  void takeIsLimit(@ForAll @Size(max = 60) List<Integer> items, @ForAll boolean yielding,
      @ForAll @IntRange(max = 80) int n) {
    assertEquals(items.stream().limit(n).toList(), run(source(items, yielding).take(n)));
  }

  @Property(tries = 300)
  void skipIsSkip(@ForAll @Size(max = 60) List<Integer> items, @ForAll boolean yielding,
      @ForAll @IntRange(max = 80) int n) {
    assertEquals(items.stream().skip(n).toList(), run(source(items, yielding).skip(n)));
  }

  @Property(tries = 300)
  void chunksArePartitionsInOrder(@ForAll @Size(max = 60) List<Integer> items, @ForAll boolean yielding,
      @ForAll @IntRange(min = 1, max = 12) int size) {
    List<List<Integer>> expected = IntStream.range(0, (items.size() + size - 1) / size)
        .mapToObj(i -> items.subList(i * size, Math.min(items.size(), (i + 1) * size)))
        .toList();
    List<List<Integer>> actual = run(source(items, yielding).chunks(size));
    assertEquals(expected, actual);
    assertEquals(items, actual.stream().flatMap(List::stream).toList());
  }

  @Property(tries = 300)
  void zipPairsByIndexUpToTheShorter(@ForAll @Size(max = 40) List<Integer> left, @ForAll @Size(max = 40) List<String> right,
      @ForAll boolean yielding) {
    List<Tuple2<Integer, String>> expected = IntStream.range(0, Math.min(left.size(), right.size()))
        .mapToObj(i -> new Tuple2<>(left.get(i), right.get(i)))
        .toList();
    assertEquals(expected, run(source(left, yielding).zip(Streams.fromIterable(right))));
  }

  @Property(tries = 300)
  void chainIsConcat(@ForAll @Size(max = 40) List<Integer> first, @ForAll @Size(max = 40) List<Integer> second,
      @ForAll boolean yielding) {
    List<Integer> expected = java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    assertEquals(expected, run(source(first, yielding).chain(source(second, !yielding))));
  }

  @Property(tries = 300)
  void foldIsAnOrderedReduce(@ForAll @Size(max = 60) List<Integer> items, @ForAll boolean yielding) {
    // String concatenation is not commutative, so this checks the order as well as the sum.
    String expected = items.stream().reduce("", (acc, x) -> acc + x + ",", String::concat);
    String actual = Futures.blockOn(source(items, yielding)
        .fold("", (acc, x) -> YieldingFuture.after(yielding ? 1 : 0, acc + x + ",")));
    assertEquals(expected, actual);
    long sum = items.stream().mapToLong(Integer::longValue).sum();
    assertEquals(sum, Futures.blockOn(source(items, yielding).fold(0L, (acc, x) -> Futures.ready(acc + x))));
  }

  @Property(tries = 200)
  void aPipelineOfSeveralCombinatorsMatchesJavaUtilStream(@ForAll @Size(max = 80) List<Integer> items,
      @ForAll boolean yielding, @ForAll @IntRange(max = 10) int skip, @ForAll @IntRange(max = 50) int take,
      @ForAll @IntRange(min = 1, max = 4) int chunk) {
    List<Integer> expectedItems = items.stream().map(x -> x / 2).filter(x -> x % 3 != 0).skip(skip).limit(take).toList();
    List<List<Integer>> actual = run(source(items, yielding).map(x -> x / 2).filter(x -> x % 3 != 0)
        .skip(skip).take(take).chunks(chunk));
    List<Integer> flat = new ArrayList<>();
    actual.forEach(flat::addAll);
    assertEquals(expectedItems, flat);
    actual.subList(0, Math.max(0, actual.size() - 1)).forEach(c -> assertEquals(chunk, c.size()));
  }
}
