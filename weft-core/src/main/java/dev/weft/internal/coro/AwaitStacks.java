package dev.weft.internal.coro;

import dev.weft.future.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stacks of suspended async blocks, for a task dump: {@link #describe} runs a future's
 * {@link Future#describe()} with a collector open on the calling thread, and every suspended
 * {@link AsyncBlock} met in the description walks its continuation's frames into it (a woven
 * block, which has no stack, gives the one frame of its await). Outside
 * such a call a block describes itself without walking anything, since a walk is only safe for
 * the future's owner, and {@code describe()} is public.
 */
public final class AwaitStacks {
  private static final ThreadLocal<List<List<StackTraceElement>>> OPEN = new ThreadLocal<>();

  private AwaitStacks() {}

  /** A future's description and the await stacks of the suspended blocks in it, outermost first. */
  public record Described(String text, List<List<StackTraceElement>> stacks) {}

  /**
   * Describes {@code f}, walking the stacks of the suspended async blocks in it. The caller must
   * own {@code f} (a dump that claimed the task): nothing may poll it meanwhile.
   */
  public static Described describe(Future<?> f) {
    List<List<StackTraceElement>> saved = OPEN.get();
    List<List<StackTraceElement>> stacks = new ArrayList<>();
    OPEN.set(stacks);
    try {
      return new Described(f.describe(), List.copyOf(stacks));
    } finally {
      if (saved == null) {
        OPEN.remove();
      } else {
        OPEN.set(saved);
      }
    }
  }

  /**
   * Inside {@link #describe}: walks a suspended continuation, keeps its frames, and returns the
   * frame it waits at (the caller of {@code await()}), or null if there is none. Outside: null,
   * walking nothing.
   */
  static StackTraceElement walk(Object continuation) {
    List<List<StackTraceElement>> stacks = OPEN.get();
    if (stacks == null) {
      return null;
    }
    List<StackTraceElement> frames = userFrames(Continuations.stackTrace(continuation));
    stacks.add(frames);
    for (StackTraceElement e : frames) {
      if (!isAwaitMachinery(e)) {
        return e;
      }
    }
    return frames.isEmpty() ? null : frames.get(0);
  }

  /**
   * Inside {@link #describe}: keeps the one-frame stack of a woven block (a state machine has no
   * stack; {@code at} is the line of the await it is suspended at). Outside: nothing.
   */
  public static void wovenBlockAt(StackTraceElement at) {
    List<List<StackTraceElement>> stacks = OPEN.get();
    if (stacks != null) {
      stacks.add(List.of(at));
    }
  }

  /**
   * A suspended body's frames without the engine's: the frames of the suspension on top (this
   * package) and of the continuation's entry at the bottom (this package, the JDK's
   * continuation); {@code Future.await} stays on top, where a thread dump shows a park.
   */
  static List<StackTraceElement> userFrames(StackTraceElement[] all) {
    int from = 0;
    while (from < all.length && isEngine(all[from])) {
      from++;
    }
    int to = all.length;
    while (to > from && isEngine(all[to - 1])) {
      to--;
    }
    return List.copyOf(Arrays.asList(all).subList(from, to));
  }

  private static boolean isEngine(StackTraceElement e) {
    String c = e.getClassName();
    return c.startsWith("dev.weft.internal.coro.") || c.startsWith("jdk.internal.vm.")
        || c.startsWith("java.lang.invoke.");
  }

  private static boolean isAwaitMachinery(StackTraceElement e) {
    return e.getClassName().equals(Future.class.getName()) && e.getMethodName().equals("await");
  }
}
