/**
 * weft: Rust's async model on the JVM.
 *
 * <p>Start at {@link dev.weft.future.Async} (async blocks) and {@link dev.weft.future.Futures}
 * (combinators and {@code blockOn}). Everything under {@code dev.weft.internal} is private to
 * the library.
 *
 * <p>Async blocks need the run-time flag
 * {@code --add-exports java.base/jdk.internal.vm=dev.weft} when weft is on the module path
 * ({@code =ALL-UNNAMED} on the class path); see the README.
 */
module dev.weft {
  // Optional: diagnostics use them when the JVM has them (Flight Recorder events, the
  // runtime's MXBean); weft runs on an image of java.base alone without them.
  requires static java.management;
  requires static jdk.jfr;

  exports dev.weft.fs;
  exports dev.weft.future;
  exports dev.weft.io;
  exports dev.weft.net;
  exports dev.weft.runtime;
  exports dev.weft.stream;
  exports dev.weft.sync;
  exports dev.weft.time;
}
