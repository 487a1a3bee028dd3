package dev.weft.sync;

import dev.weft.internal.ThreadState;
import java.util.function.Consumer;

/** Runs a test body as if inside a runtime task with a small cooperative budget, then restores. */
final class Budgets {
  private Budgets() {}

  /** Sets this thread's budget to {@code budget}, runs {@code body}, restores "no budget". */
  static void run(int budget, Consumer<ThreadState> body) {
    ThreadState ts = ThreadState.current();
    ts.budget = budget;
    try {
      body.accept(ts);
    } finally {
      ts.budget = ThreadState.UNCONSTRAINED;
    }
  }
}
