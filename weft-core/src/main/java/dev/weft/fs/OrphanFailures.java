package dev.weft.fs;

import java.io.IOException;
import java.nio.channels.Channel;

/**
 * Failures that have nobody left to be told: a write still running when its file was closed, the
 * close of a channel that a cancelled open produced. They are logged through
 * {@link System.Logger} (logger {@code dev.weft.fs}, level WARNING), never dropped.
 */
final class OrphanFailures {
  private static final System.Logger LOG = System.getLogger("dev.weft.fs");

  private OrphanFailures() {}

  static void report(String what, Throwable failure) {
    LOG.log(System.Logger.Level.WARNING, what, failure);
  }

  /** Closes {@code channel}, reporting a failure to close it. */
  static void close(Channel channel, String what) {
    try {
      channel.close();
    } catch (IOException e) {
      report("closing " + what + " failed", e);
    }
  }
}
