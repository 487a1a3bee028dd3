package dev.weft.fs;

import dev.weft.fs.BlockingCall.Cancelled;
import dev.weft.future.Future;
import dev.weft.stream.Stream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link java.nio.file.Files}, asynchronous: tokio's {@code tokio::fs}. Each call returns a lazy
 * future (or stream) whose first poll hands the work to the runtime's blocking pool ({@code
 * Task.spawnBlocking}), so no thread of the runtime ever blocks on the disk.
 *
 * <pre>{@code
 * rt.blockOn(async(() -> {
 *   AsyncFiles.writeString(path, "one\ntwo\n").await();
 *   String text = AsyncFiles.readString(path).await();
 *   long n = AsyncFiles.lines(path).count().await();   // 2
 *   return text;
 * }));
 * }</pre>
 *
 * <ul>
 *   <li><b>Lazy, and a runtime to poll</b>: calling these methods needs no runtime and does no
 *       I/O; polling the futures needs one (either flavour). Polled elsewhere (under {@code
 *       Futures.blockOn}) they throw {@link IllegalStateException}.
 *   <li><b>Arguments are checked at the call</b>: a null path, array or option throws {@link
 *       NullPointerException}; options the JDK would refuse together (as {@code READ} and
 *       {@code APPEND}) throw {@link IllegalArgumentException}.
 *   <li><b>Failures</b> are {@link UncheckedIOException}s whose cause is the original
 *       {@link java.io.IOException} ({@link NoSuchFileException} for a missing file, ...), so
 *       {@code await()} throws them as they are.
 *   <li>Text is UTF-8, as in {@code Files.readString}, {@code writeString} and {@code lines}.
 * </ul>
 */
public final class AsyncFiles {
  private AsyncFiles() {}

  /**
   * A future of the whole content of a file ({@link Files#readAllBytes}).
   *
   * <p><b>Cancel safety:</b> cancel-safe: nothing is consumed. A read not begun yet is not
   * done; one already running finishes on the blocking pool and its bytes are dropped.
   *
   * @param path the file, not null
   * @return a future of the bytes; a missing file fails it with a {@link NoSuchFileException}
   *     cause
   */
  public static Future<byte[]> readAllBytes(Path path) {
    Objects.requireNonNull(path, "path");
    return new BlockingCall<>("AsyncFiles.readAllBytes", () -> Files.readAllBytes(path),
        Cancelled.ABORTS);
  }

  /**
   * A future of the content of a file decoded as UTF-8 ({@link Files#readString(Path)}; malformed
   * input fails with a {@link java.nio.charset.MalformedInputException} cause).
   *
   * <p><b>Cancel safety:</b> cancel-safe, as {@link #readAllBytes}.
   *
   * @param path the file, not null
   * @return a future of the text
   */
  public static Future<String> readString(Path path) {
    Objects.requireNonNull(path, "path");
    return new BlockingCall<>("AsyncFiles.readString", () -> Files.readString(path),
        Cancelled.ABORTS);
  }

  /**
   * A future that writes {@code bytes} to a file ({@link Files#write(Path, byte[], OpenOption...)}:
   * with no options, the file is created or truncated). The bytes are copied at the call, so
   * the array may be reused at once.
   *
   * <p><b>Cancel safety:</b> a write is never left half-done by a cancel: once the future was
   * polled, the write runs to its end on the blocking pool even if the future is cancelled
   * (as tokio's, whose blocking task is not stopped), and a failure then goes unseen by the
   * canceller. A future cancelled before its first poll writes nothing.
   *
   * @param path the file, not null
   * @param bytes what to write, not null (copied at the call)
   * @param options how to open the file, as {@link Files#write(Path, byte[], OpenOption...)}
   * @return a future that completes once the bytes are written
   */
  public static Future<Void> write(Path path, byte[] bytes, OpenOption... options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(bytes, "bytes");
    OpenOption[] opts = OpenOptions.forWrite(options);
    byte[] copy = bytes.clone();
    return new BlockingCall<>("AsyncFiles.write", () -> {
      Files.write(path, copy, opts);
      return null;
    }, Cancelled.RUNS_ANYWAY);
  }

  /**
   * A future that writes {@code text} to a file in UTF-8 ({@link
   * Files#writeString(Path, CharSequence, OpenOption...)}). The text is copied at the call.
   *
   * <p><b>Cancel safety:</b> as {@link #write}: once polled, the write runs to its end.
   *
   * @param path the file, not null
   * @param text what to write, not null (copied at the call)
   * @param options how to open the file, as {@link Files#write(Path, byte[], OpenOption...)}
   * @return a future that completes once the text is written
   */
  public static Future<Void> writeString(Path path, CharSequence text, OpenOption... options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    OpenOption[] opts = OpenOptions.forWrite(options);
    String copy = text.toString();
    return new BlockingCall<>("AsyncFiles.writeString", () -> {
      Files.writeString(path, copy, opts);
      return null;
    }, Cancelled.RUNS_ANYWAY);
  }

  /**
   * The lines of a UTF-8 file, split as {@link Files#lines(Path)} splits them ({@code \n},
   * {@code \r} or {@code \r\n} end a line; a last line without one is a line too). The file is
   * read in chunks of 64 KiB by blocking reads on the runtime's blocking pool, never whole: a
   * file of any size streams in bounded memory (a single line is held whole). The file is
   * opened at the first poll and closed at the end, at a failure, or when the stream is
   * cancelled. A missing file fails the first poll ({@link NoSuchFileException} cause),
   * malformed UTF-8 the poll that reaches it ({@link java.nio.charset.MalformedInputException}).
   *
   * <p><b>Cancel safety:</b> a {@code next()} cancelled before it was ready took no line: the
   * read in flight is kept for the next one. Cancelling the stream closes the file.
   *
   * @param path the file, not null
   * @return a stream of the file's lines, without their terminators
   */
  public static Stream<String> lines(Path path) {
    Objects.requireNonNull(path, "path");
    return new LinesStream(path, BlockingSpawner.RUNTIME);
  }

  /**
   * A future of the file opened for asynchronous reading and writing ({@link
   * FileChannel#open(Path, OpenOption...)}: with no options, for reading). The file's
   * operations run on the blocking pool of the runtime that polls them; close it when done
   * (try-with-resources).
   *
   * <p><b>Cancel safety:</b> cancel-safe: a cancelled open leaves no file open. An open not
   * begun yet is not done; a channel that an open already running brings is closed.
   *
   * @param path the file, not null
   * @param options how to open it, as {@link FileChannel#open(Path, OpenOption...)} (none:
   *     for reading)
   * @return a future of the open file
   */
  public static Future<AsyncFile> open(Path path, OpenOption... options) {
    Objects.requireNonNull(path, "path");
    return open(path, OpenOptions.forOpen(options), BlockingSpawner.RUNTIME, "AsyncFiles.open");
  }

  /** {@link #open} with checked options, for this package ({@code what} names the caller). */
  static Future<AsyncFile> open(Path path, OpenOption[] options, BlockingSpawner spawner,
      String what) {
    String name = path.toString();
    return new BlockingCall<>(what, () -> FileChannel.open(path, options), Cancelled.ABORTS,
        channel -> OrphanFailures.close(channel, "the file of a cancelled open: " + name),
        spawner)
        .map(channel -> new AsyncFile(channel, name, spawner));
  }
}
