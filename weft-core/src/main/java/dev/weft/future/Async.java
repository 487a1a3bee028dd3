package dev.weft.future;

import dev.weft.internal.ThreadState;
import dev.weft.internal.coro.AsyncBlock;
import dev.weft.internal.coro.Continuations;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Async blocks: Rust's {@code async { ... }} for Java.
 *
 * <pre>{@code
 * import static dev.weft.future.Async.async;
 *
 * Future<String> greeting = async(() -> {
 *   String name = fetchName().await();   // suspends the block, not the thread
 *   return "hello, " + name;
 * });
 * String s = Futures.blockOn(greeting);    // nothing ran until here
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>{@link #async} returns a lazy future: the body does not run until the first poll.
 *   <li>Inside the body, {@link Future#await()} polls a future and, while it is pending,
 *       suspends the body as a coroutine: the thread returns to its executor and the body resumes
 *       where it stopped when the future's waker is woken and the block is polled again.
 *   <li>The block fails with what its body threw (a checked exception that {@code await()}
 *       wrapped in an {@link AwaitException} is unwrapped again).
 *   <li>Cancelling a block before its first poll means the body never runs. Cancelling a
 *       started block resumes it with {@link java.util.concurrent.CancellationException} thrown
 *       from the {@code await()} it is parked in, after cancelling the future it awaited, so its
 *       {@code finally} blocks and try-with-resources run; every later {@code await()} in it
 *       throws again at once.
 *   <li>Awaiting a block that has not started, from inside another block, runs its body inline
 *       in the awaiting coroutine: calling an async method and awaiting it at once costs little
 *       more than a method call.
 * </ul>
 *
 * <h2>Threads</h2>
 * A block's body runs on the thread that polls it: {@code Thread.currentThread()} and
 * thread-locals inside it are those of that thread (a runtime's worker). Once the block has
 * suspended it stays on that thread: it resumes only where it suspended, weft's runtimes keep
 * its task there, and polling a suspended block from another thread throws
 * {@link IllegalStateException} (the JIT may keep using the old thread after such a move).
 *
 * <h2>Monitors</h2>
 * An {@code await()} that suspends must not be inside {@code synchronized} (or a
 * {@code synchronized} method): a monitor belongs to the thread, not to the block, so it would
 * stay locked while the block is suspended and the thread runs other tasks, and the next block to
 * enter it would block its worker thread for ever. Such an await throws
 * {@link IllegalStateException} instead of suspending, naming the monitor and the line that
 * locked it; the exception leaves the {@code synchronized} block, which releases the monitor. To
 * hold a lock across an await, use {@code dev.weft.sync.Mutex}. An await of a future that is
 * already ready does not suspend, and is allowed inside {@code synchronized}.
 * <ul>
 *   <li>On JDK 24 and later the check covers the monitors of the objects the body names: what
 *       it captured, the fields and statics its code locks ({@code synchronized (lock)},
 *       {@code synchronized (this)}, {@code synchronized (Foo.class)}), and the synchronized
 *       methods of captured objects. A monitor reached only through a call
 *       ({@code synchronized (registry())}) or a field of a field is not seen, and such an
 *       await suspends with it held.
 *   <li>On JDK 21-23 the JVM itself refuses to suspend while any monitor is held, and the await
 *       throws the same exception.
 * </ul>
 *
 * <h2>The JVM flag</h2>
 * The coroutine engine is the JDK's own continuation (the machinery under virtual threads), which
 * needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} at run time
 * ({@code =dev.weft} on the module path). Without it, {@link #async} throws
 * {@link IllegalStateException} saying so; the rest of weft works without the flag.
 *
 * <h2>Memory</h2>
 * A suspended coroutine keeps its stack: the frames from its body down to the {@code await()},
 * each as large as the locals and spill slots of all the code the JIT compiled into it (about
 * 200 bytes for a body that only awaits; several times that for a long body, or one not yet
 * compiled). For blocks that spend their life suspended, one an idle connection say, keep the
 * body to its loop and awaits and do the work between awaits in methods it calls: their frames
 * are gone by the time it suspends. A woven block keeps no stack, only the locals live at its
 * await, in the fields of its state machine.
 *
 * <h2>Woven blocks</h2>
 * weft's build-time weaver ({@code weft-maven-plugin}'s goal {@code weave}, or
 * {@code weft weave DIR}) compiles each lambda passed straight to {@code async} or
 * {@code asyncRun} that it can prove safe into a stackless state machine with the same rules
 * as above, except that it needs no JVM flag and, holding no stack, may resume on any thread
 * (so its task is not pinned to a worker). It can only suspend at the {@code await()} calls
 * written in the lambda itself: a block that calls a method of its build that awaits stays a
 * coroutine (the build report says why), and an {@code await()} reached from code the weaver
 * could not see throws {@link IllegalStateException} naming the block and the fix. An
 * {@code await()} inside {@code synchronized} in a block is a build error.
 */
public final class Async {
  private Async() {}

  /**
   * A lazy future that runs {@code body} as a coroutine when first polled.
   *
   * @param <T> the type of the body's value
   * @param body the code of the block; inside it, {@code await()} suspends the block
   * @return a future of the body's value; nothing runs until it is polled
   * @throws IllegalStateException if the JVM lacks the coroutine flag (the message says what to
   *     add)
   */
  public static <T> Future<T> async(Callable<? extends T> body) {
    Objects.requireNonNull(body, "body");
    Continuations.requireAvailable();
    return new AsyncBlock<>(body);
  }

  /**
   * {@link #async} for a body with no value.
   *
   * @param body the code of the block
   * @return a future that completes (with null) when the body has run
   */
  public static Future<Void> asyncRun(ThrowingRunnable body) {
    Objects.requireNonNull(body, "body");
    Continuations.requireAvailable();
    return new AsyncBlock<Void>(body);
  }

  /**
   * True when called from inside the body of an async block.
   *
   * @return true inside the body of an async block, false elsewhere
   */
  public static boolean inAsync() {
    return ThreadState.current().coroutine != null;
  }

  /** A body with no value that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    /**
     * Runs the body.
     *
     * @throws Exception whatever the body throws; the block fails with it
     */
    void run() throws Exception;
  }
}
