package dev.weft.fs;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.stream.Stream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * {@link AsyncFiles#lines}: the lines of a UTF-8 file, read in chunks of {@link #CHUNK} bytes
 * through an {@link AsyncFile}, split by a {@link LineSplitter}. Nothing happens before the
 * first poll, which opens the file; the file is closed at the end, at a failure, or when the
 * stream is cancelled.
 *
 * <p>State between polls: the open or the read in progress (both cancel-safe, so a
 * {@code next()} cancelled while one is pending loses nothing, the next poll picks it up), the
 * lines of the last chunk not yet given, and the bytes of a character the chunk cut. A failure
 * is kept: every later poll throws it again.
 */
final class LinesStream implements Stream<String> {
  /** The bytes one blocking read brings; the most the stream holds at once. */
  static final int CHUNK = 64 * 1024;

  private final Path path;
  private final BlockingSpawner spawner;
  private final ArrayDeque<String> lines = new ArrayDeque<>(); // split, not yet given
  private final LineSplitter splitter = new LineSplitter();
  private Future<AsyncFile> opening;
  private AsyncFile file;
  private ByteBuffer chunk; // write mode: a cut character's bytes, then room for the next read
  private Future<Integer> reading;
  private boolean ended;
  private RuntimeException failure;

  LinesStream(Path path, BlockingSpawner spawner) {
    this.path = path;
    this.spawner = spawner;
  }

  @Override
  public Poll<Optional<String>> pollNext(Context cx) {
    if (failure != null) {
      throw failure;
    }
    try {
      for (;;) {
        if (!lines.isEmpty()) {
          if (!Coop.proceed(cx)) {
            return Poll.pending();
          }
          return Poll.ready(Optional.of(lines.poll()));
        }
        if (ended) {
          return Poll.ready(Optional.empty());
        }
        if (file == null) {
          if (opening == null) {
            opening = AsyncFiles.open(path, new OpenOption[0], spawner, "AsyncFiles.lines");
          }
          Poll<AsyncFile> opened = opening.poll(cx);
          if (!opened.isReady()) {
            return Poll.pending();
          }
          opening = null;
          file = opened.value();
          chunk = ByteBuffer.allocate(CHUNK);
        }
        if (reading == null) {
          reading = file.read(chunk);
        }
        Poll<Integer> read = reading.poll(cx);
        if (!read.isReady()) {
          return Poll.pending();
        }
        reading = null;
        chunk.flip();
        if (read.value() < 0) {
          ended = true;
          splitter.finish(chunk, lines::add);
          closeFile();
        } else {
          splitter.feed(chunk, lines::add);
        }
        chunk.compact();
      }
    } catch (CharacterCodingException e) {
      throw fail(new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  private RuntimeException fail(RuntimeException e) {
    failure = e;
    lines.clear();
    try {
      cancelAndClose();
    } catch (RuntimeException closing) {
      e.addSuppressed(closing);
    }
    return e;
  }

  /** Closes the file; the stream ends or fails. */
  private void closeFile() {
    AsyncFile f = file;
    file = null;
    if (f != null) {
      f.close();
    }
  }

  private void cancelAndClose() {
    Future<AsyncFile> o = opening;
    Future<Integer> r = reading;
    opening = null;
    reading = null;
    if (o != null) {
      o.cancel();
    }
    if (r != null) {
      r.cancel();
    }
    closeFile();
  }

  /** Stops the stream: the open or read in flight is cancelled and the file closed. */
  @Override
  public void cancel() {
    if (ended && file == null) {
      return;
    }
    ended = true;
    lines.clear();
    cancelAndClose();
  }

  @Override
  public String toString() {
    return "AsyncFiles.lines(" + path + ")";
  }
}
