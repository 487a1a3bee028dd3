/**
 * Streams: values that become ready one after another, pulled asynchronously. Rust's
 * {@code Stream} with what futures-rs's {@code StreamExt} and {@code TryStreamExt} give.
 *
 * <p>Start at {@link dev.weft.stream.Stream} (the type and its combinators) and
 * {@link dev.weft.stream.Streams} (making streams, and the bridges to
 * {@link java.util.concurrent.Flow}). {@link dev.weft.stream.FuturesUnordered} runs a
 * changing set of futures as a stream of their values in completion order.
 *
 * <pre>{@code
 * import static dev.weft.future.Async.async;
 *
 * Stream<Integer> numbers = Streams.of(1, 2, 3, 4, 5, 6);
 * Future<Integer> sum = numbers
 *     .filter(n -> n % 2 == 0)
 *     .map(n -> n * 10)
 *     .fold(0, (acc, n) -> Futures.ready(acc + n));          // nothing ran yet
 * int s = Futures.blockOn(sum);                                // 120
 *
 * Future<Integer> same = async(() -> {                         // the for-loop the Rust text lacks
 *   int t = 0;
 *   for (int n : Streams.of(2, 4, 6).asIterable()) {
 *     t += n * 10;
 *   }
 *   return t;
 * });
 * }</pre>
 *
 * <p>Failure is the {@code try_} behaviour: a stream fails by throwing from {@code pollNext}, and
 * every terminal operation stops at the first failure, cancels what it still runs and fails
 * with it. See {@link dev.weft.stream.Stream} for the whole contract.
 *
 * <p>Depends on {@code dev.weft.future} and {@code dev.weft.internal} only; never on
 * {@code dev.weft.sync}, {@code dev.weft.time} or {@code dev.weft.runtime}, and needs no runtime:
 * any executor that polls, {@code Futures.blockOn} included, drives a stream.
 */
package dev.weft.stream;
