/**
 * Test utilities for code written with weft (the {@code weft-test} artifact; add it with test
 * scope). Two ways to test async code, as tokio-test and kotlinx-coroutines-test offer:
 *
 * <h2>By hand: poll, then assert</h2>
 * {@link dev.weft.test.MockTask} polls a future one poll at a time on the test's thread and
 * counts the wake-ups its waker gets; {@link dev.weft.test.MockStream} does the same for a
 * stream. {@link dev.weft.test.ManualFuture} and {@link dev.weft.test.ManualStream} are inputs
 * the test completes or feeds by hand, and that count how they were polled and cancelled. No
 * runtime is involved, so every step is deterministic: the test sees exactly which poll was
 * pending, whether a wake-up was arranged, and what was cancelled.
 *
 * <pre>{@code
 * ManualFuture<String> reply = new ManualFuture<>("reply");
 * MockTask<String> task = MockTask.of(reply.map(String::toUpperCase));
 * task.assertPending();
 * reply.complete("pong");
 * assertTrue(task.isWoken(), "completing the input wakes the task");
 * assertEquals("PONG", task.assertReady());
 * }</pre>
 *
 * <h2>In a runtime: {@code @WeftTest}</h2>
 * {@link dev.weft.test.WeftTest} runs a test method's body as an async block on a fresh
 * current-thread runtime whose clock is paused, so the body awaits like any async code, and a
 * timer of an hour fires as soon as every task waits for it, in no real time. See
 * {@link dev.weft.test.WeftTest} for the options and for what fails the test besides its own
 * assertions (a task left running, a failure nobody received).
 *
 * <pre>{@code
 * @WeftTest
 * void theSlowReplyTimesOut() {
 *   Future<String> slow = async(() -> {
 *     Time.sleep(Duration.ofMinutes(5)).await();
 *     return "late";
 *   });
 *   assertThrows(Elapsed.class, () -> Time.timeout(Duration.ofMinutes(1), slow).await());
 * }
 * }</pre>
 *
 * <h2>Requirements</h2>
 * JUnit Jupiter 5 (this artifact depends on {@code junit-jupiter-api}), and the JVM flag
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} in the test JVM for async blocks
 * (Surefire's {@code argLine}). On the module path this is the automatic module
 * {@code dev.weft.test}: weft's own tests compile these sources into their build (weft-core's
 * tests cannot depend on this artifact, which depends on weft-core), where a module descriptor
 * of its own could not go; weft-test's README tells how.
 */
package dev.weft.test;
