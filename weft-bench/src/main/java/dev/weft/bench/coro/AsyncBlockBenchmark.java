// Run (from the repository root):
//   ./weft bench jmh 'dev.weft.bench.coro.AsyncBlockBenchmark' -f 3 -wi 5 -i 5 -prof gc
package dev.weft.bench.coro;

import static dev.weft.future.Async.async;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of async blocks, each polled by hand on the benchmark's thread, against the
 * JDK's bare continuation:
 * <ul>
 *   <li>{@link #readyAwait}: {@code Futures.ready(i).await()} inside a block (the target: under
 *       20 ns, and no suspension, which the tear-down checks).
 *   <li>{@link #joinTwoReadyAwait}: {@code Futures.join(ready(i), ready(j)).await()} inside a
 *       block.
 *   <li>{@link #suspendResumeRoundTrip}: one poll of a block that resumes inside
 *       {@code await()}, gets the awaited future's value and suspends again at the next
 *       {@code await()} (the target: within 1.25x of {@link #bareContinuationRunYield}).
 *   <li>{@link #bareContinuationRunYield}: {@code Continuation.run()} of a continuation whose
 *       body yields in a loop: the JDK's own cost of a resume and a suspension, the floor of the
 *       round trip.
 * </ul>
 * The first two run {@value #AWAITS} awaits per poll of one long-lived block, which then
 * suspends once: a suspension's cost spread over the awaits adds about 0.1 ns to each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class AsyncBlockBenchmark {
  static final int AWAITS = 1024;
  static final Context NOOP = Context.of(Waker.noop());

  /** Pending and ready in turn: each await of it suspends once, then returns. */
  static final class Flip implements Future<Void> {
    private boolean pendingNext = true;

    @Override
    public Poll<Void> poll(Context cx) {
      pendingNext = !pendingNext;
      return pendingNext ? Poll.ready(null) : Poll.pending();
    }
  }

  /**
   * One long-lived block, polled once per benchmark call; {@code polls} and {@code resumes}
   * prove at the tear-down that the body suspended exactly once a poll (only at the flip).
   */
  public abstract static class Block {
    final Flip flip = new Flip();
    Future<Void> block;
    long polls;
    long resumes;
    long sink;

    abstract void work();

    @Setup(Level.Trial)
    public void start() {
      block = async(() -> {
        for (;;) {
          flip.await();
          resumes++;
          work();
        }
      });
      block.poll(NOOP); // runs to the first flip
    }

    @TearDown(Level.Trial)
    public void stop() {
      if (resumes != polls) {
        throw new IllegalStateException(
            "the block suspended " + polls + " times but resumed " + resumes + " times");
      }
      block.cancel(); // resumes the body with CancellationException at the flip: it ends
    }
  }

  @State(Scope.Thread)
  public static class ReadyAwaits extends Block {
    @Override
    void work() {
      long s = 0;
      for (int i = 0; i < AWAITS; i++) {
        s += Futures.ready(i).await();
      }
      sink += s;
    }
  }

  @State(Scope.Thread)
  public static class JoinAwaits extends Block {
    @Override
    void work() {
      long s = 0;
      for (int i = 0; i < AWAITS; i++) {
        Tuple2<Integer, Integer> t = Futures.join(Futures.ready(i), Futures.ready(-i)).await();
        s += t.first() + t.second() + 1;
      }
      sink += s;
    }
  }

  @State(Scope.Thread)
  public static class RoundTrip extends Block {
    @Override
    void work() {}
  }

  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public Poll<Void> readyAwait(ReadyAwaits s) {
    s.polls++;
    return s.block.poll(NOOP);
  }

  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public Poll<Void> joinTwoReadyAwait(JoinAwaits s) {
    s.polls++;
    return s.block.poll(NOOP);
  }

  @Benchmark
  public Poll<Void> suspendResumeRoundTrip(RoundTrip s) {
    s.polls++;
    return s.block.poll(NOOP);
  }

  /**
   * The JDK's continuation, bare. Reached through static final method handles, which the JIT
   * compiles to direct calls (the bench builds with {@code --release 21}, which forbids
   * compiling against {@code jdk.internal.vm}); the jar runs with the export flag.
   */
  @State(Scope.Thread)
  public static class Bare {
    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final Object SCOPE;

    static {
      try {
        Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
        Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
        MethodHandles.Lookup l = MethodHandles.lookup();
        SCOPE = l.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
            .invoke("bare");
        NEW = MethodHandles.insertArguments(l.findConstructor(contClass,
                MethodType.methodType(void.class, scopeClass, Runnable.class)), 0, SCOPE)
            .asType(MethodType.methodType(Object.class, Runnable.class));
        RUN = l.findVirtual(contClass, "run", MethodType.methodType(void.class))
            .asType(MethodType.methodType(void.class, Object.class));
        YIELD = MethodHandles.insertArguments(l.findStatic(contClass, "yield",
            MethodType.methodType(boolean.class, scopeClass)), 0, SCOPE);
      } catch (Throwable t) {
        throw new ExceptionInInitializerError(t);
      }
    }

    Object continuation;

    @Setup(Level.Trial)
    public void start() throws Throwable {
      continuation = (Object) NEW.invokeExact((Runnable) () -> {
        for (;;) {
          yieldBare();
        }
      });
    }

    private static void yieldBare() {
      try {
        boolean unused = (boolean) YIELD.invokeExact();
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }

  @Benchmark
  public Object bareContinuationRunYield(Bare s) throws Throwable {
    Bare.RUN.invokeExact(s.continuation);
    return s.continuation;
  }
}
