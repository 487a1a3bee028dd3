/**
 * Files, asynchronous: tokio's {@code tokio::fs}. {@link dev.weft.fs.AsyncFiles} has the
 * whole-file calls of {@link java.nio.file.Files} ({@code readAllBytes}, {@code readString},
 * {@code write}, {@code writeString}, {@code lines}) and {@code open}, which gives an {@link
 * dev.weft.fs.AsyncFile}: an {@link dev.weft.io.AsyncRead} and {@link dev.weft.io.AsyncWrite}
 * over a file, with {@code size()} and {@code sync()}.
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.multiThread()) {
 *   long errors = rt.blockOn(async(() -> {
 *     AsyncFiles.writeString(log, "ok\nerror: disk\nok\n").await();
 *     return AsyncFiles.lines(log).filter(l -> l.startsWith("error")).count().await();
 *   }));
 * }
 * }</pre>
 *
 * <p>An operating system offers no readiness for files, so, as in tokio, every operation is a
 * blocking call run on the runtime's blocking pool ({@code Task.spawnBlocking}) while its
 * future is pending: polling never blocks a worker. Futures and streams are lazy (making them
 * needs no runtime) and need a runtime to be polled. Failures are {@link
 * java.io.UncheckedIOException}s whose cause is the original {@link java.io.IOException}.
 *
 * <p>Depends on {@code dev.weft.future}, {@code dev.weft.stream}, {@code dev.weft.io}, {@code
 * dev.weft.runtime} and {@code dev.weft.internal}.
 */
package dev.weft.fs;
