package dev.weft.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test whose body runs as an async block on a fresh runtime with a paused clock, as
 * tokio's {@code #[tokio::test(start_paused = true)]} and kotlinx-coroutines-test's
 * {@code runTest} do: the body can {@code await()}, spawn tasks, and sleep for an hour in no
 * time.
 *
 * <pre>{@code
 * @WeftTest
 * void anHourLongTimeoutElapsesAtOnce(AsyncRuntime rt) {
 *   Instant start = Time.now();
 *   JoinHandle<Void> ticker = Task.spawn(Time.sleep(Duration.ofMinutes(59)));
 *   Future<Object> never = Time.timeout(Duration.ofHours(1), Futures.pending());
 *   assertThrows(Elapsed.class, never::await);
 *   assertEquals(Duration.ofHours(1), Duration.between(start, Time.now()));
 *   assertTrue(ticker.isFinished());
 *   assertEquals(1, rt.metrics().spawnedTasks());
 * }
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ol>
 *   <li>Before the test method runs, it builds the runtime the options ask for: by default
 *       {@code AsyncRuntime.builder().startPaused(true).build()}, a current-thread runtime whose
 *       clock stands still until {@code Time.advance} moves it or every task is idle with a
 *       timer pending (then it jumps to that timer). A parameter of type
 *       {@link dev.weft.runtime.AsyncRuntime} of the test method receives it.
 *   <li>It runs the method body inside {@code runtime.blockOn(async(...))}, on the test's
 *       thread. What the body throws is what the test throws, unchanged (a checked exception is
 *       not wrapped).
 *   <li>When the body has returned, tasks still alive get a few turns to finish what they can
 *       without the clock moving (an aborted task unwinds, a consumer takes the last message;
 *       on the multi-thread runtime, whose workers run apart, up to a second besides). A task
 *       still alive after that fails the test ({@link #tasksMustFinish()}): a test that returns
 *       while its tasks still work asserted before they were done.
 *   <li>It closes the runtime, which cancels whatever is left. If the runtime counted an
 *       unhandled failure ({@code RuntimeMetrics.unhandledFailures()}: a detached task that
 *       failed, a cleanup or a waker that threw), the test fails; the failure itself is logged
 *       by the runtime under {@code dev.weft.runtime}.
 * </ol>
 *
 * <p>A failure of a task whose handle is still held but was never awaited is not seen: it is
 * reported only when the handle is garbage-collected. Await the handles of the tasks a test
 * spawns, or detach them with {@code cancel()} so that a failure is reported at once.
 *
 * <h2>Where it goes</h2>
 * On a method, it makes the method a test: {@code @Test} is implied, as {@code #[tokio::test]}
 * replaces {@code #[test]}. Being a kind of test, it does not go on the same method as another
 * kind ({@code @ParameterizedTest}, {@code @RepeatedTest}: JUnit would warn of competing
 * annotations and run the method both ways). For those, put it on the class: on a class it
 * applies to every test of the class and of its {@code @Nested} classes, test templates
 * included, each invocation with its own runtime; a {@code @WeftTest} on a method overrides the
 * class's options. {@code @BeforeEach} and {@code @AfterEach} methods run outside the runtime,
 * which lives for the test method only.
 *
 * <p>A hung body (awaiting what never comes, with no timer to jump to) hangs the test, as in
 * tokio. Bound it with {@code @Timeout(value = ..., threadMode = SEPARATE_THREAD)}: the runtime
 * does not give up its wait when its thread is interrupted, so the default thread mode would
 * wait forever.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(WeftTestExtension.class)
public @interface WeftTest {

  /**
   * Whether the runtime's clock starts paused. Only the current-thread runtime has a paused
   * clock, so {@code multiThread = true} needs {@code paused = false}.
   *
   * @return true (the default) for a paused clock
   */
  boolean paused() default true;

  /**
   * Whether the runtime is the multi-thread one (tasks run on its workers, the body on the
   * test's thread) instead of the current-thread one (everything on the test's thread). Needs
   * {@code paused = false}.
   *
   * @return false (the default) for the current-thread runtime
   */
  boolean multiThread() default false;

  /**
   * The number of workers of the multi-thread runtime; 0 leaves the runtime's default (one per
   * available processor). Only with {@code multiThread = true}.
   *
   * @return the number of workers, or 0 for the default
   */
  int workers() default 0;

  /**
   * Whether a task still alive when the body has returned (after the turns it gets to finish)
   * fails the test. With false, such tasks are cancelled when the runtime closes, as when a
   * tokio test's runtime is dropped.
   *
   * @return true (the default) to fail the test when tasks outlive its body
   */
  boolean tasksMustFinish() default true;
}
