package dev.weft.runtime;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.internal.woven.WovenBlock;

/**
 * Which engine runs an async block of these tests. The woven build ({@code ./weft test} runs it
 * after the plain one) weaves the test classes' blocks into state machines, which have no
 * stack: a task dump shows such a block as {@code woven async block at} the frame of its await,
 * and that one frame as its stack, where a coroutine's dump shows the walked stack from
 * {@code Future.await} down. Tests of dumps expect what the engine of their block shows.
 */
final class BlockEngine {
  /** True in the woven build: this class's blocks (and its neighbours') are state machines. */
  static final boolean WOVEN = woven(async(() -> Futures.ready(1).await()));

  private BlockEngine() {}

  static boolean woven(Future<?> block) {
    return block instanceof WovenBlock;
  }

  /** How a dump's {@code awaiting} text begins for a suspended block of that engine. */
  static String blockAt(boolean woven) {
    return woven ? "woven async block at " : "async block at ";
  }
}
