/**
 * Futures and async blocks: the bottom layer of weft, Rust's {@code Future} trait with
 * futures-rs's combinators.
 *
 * <p>A {@link dev.weft.future.Future} is lazy: nothing runs until something polls it, and an
 * owner that stops polling one cancels it. {@link dev.weft.future.Async#async} writes futures as
 * straight-line code that suspends at {@link dev.weft.future.Future#await()};
 * {@link dev.weft.future.Futures} makes and combines them ({@code join}, {@code tryJoin},
 * {@code race}, {@code selectOk}) and runs one on the calling thread ({@code blockOn});
 * {@link dev.weft.future.Select} is {@code select!}.
 *
 * <pre>{@code
 * import static dev.weft.future.Async.async;
 *
 * Future<Book> book = getBook();           // nothing runs yet
 * Future<Music> music = getMusic();
 * Tuple2<Book, Music> both = Futures.blockOn(Futures.join(book, music));   // both run concurrently
 *
 * Future<Integer> total = async(() -> getBook().await().pages() + getMusic().await().tracks());
 * }</pre>
 *
 * <p>Failures are exceptions thrown from {@code poll}, the original ones inside the library;
 * {@code await()}, {@code blockOn} and {@link dev.weft.future.Result#get()} throw unchecked ones as
 * they are and wrap checked ones in {@link dev.weft.future.AwaitException}, a
 * {@link java.util.concurrent.CompletionException}.
 *
 * <p>Depends on the JDK and {@code dev.weft.internal} only; nothing here needs a runtime.
 */
package dev.weft.future;
