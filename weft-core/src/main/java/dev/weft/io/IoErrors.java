package dev.weft.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;

/** The I/O failures this package throws, each an {@link UncheckedIOException} around the cause. */
final class IoErrors {
  private IoErrors() {}

  /** A read, write or flush on something its owner closed. */
  static UncheckedIOException closed(String what) {
    return new UncheckedIOException(what + " was closed", new ClosedChannelException());
  }

  /** A write to a pipe whose reading end was closed. */
  static UncheckedIOException brokenPipe() {
    return new UncheckedIOException(new IOException(
        "broken pipe: the other end of the duplex stream was closed"));
  }

  /** A write after this end's own {@code shutdown()}. */
  static UncheckedIOException writeAfterShutdown() {
    return new UncheckedIOException(new IOException(
        "write after shutdown: this end's write direction was shut down"));
  }

  /** A writer that took no byte from a non-empty source, breaking {@code AsyncWrite}'s contract. */
  static UncheckedIOException writeZero(AsyncWrite writer) {
    return new UncheckedIOException(new IOException(
        "write zero: " + writer.getClass().getName() + ".pollWrite took no byte of a non-empty"
            + " buffer"));
  }

  /** A reader that returned 0 for a buffer with room, breaking {@code AsyncRead}'s contract. */
  static IllegalStateException zeroRead(AsyncRead reader) {
    return new IllegalStateException(reader.getClass().getName()
        + ".pollRead returned 0 for a buffer with room; AsyncRead allows 0 only for a full buffer"
        + " (the end of the stream is -1)");
  }
}
