/**
 * Channels and synchronisation for async code: tokio's {@code tokio::sync} (and tokio-util's
 * {@code CancellationToken}) for weft.
 *
 * <p>Every operation that waits is a lazy {@link dev.weft.future.Future}: it waits without
 * holding a thread, works under any executor (a runtime, or {@link dev.weft.future.Futures#blockOn}),
 * and can be cancelled at any point without losing or leaking anything (each method's
 * "Cancel safety" paragraph says exactly what).
 *
 * <h2>Example: the Rust text's {@code send_recv}</h2>
 * <pre>{@code
 * Mpsc.Channel<Integer> ch = Mpsc.bounded(10);        // BUFFER_SIZE
 * Sender<Integer> tx = ch.sender();
 * Receiver<Integer> rx = ch.receiver();
 * Futures.blockOn(Futures.join(
 *     asyncRun(() -> {
 *       tx.send(1).await();
 *       tx.send(2).await();
 *       tx.close();                                   // Rust's drop(tx)
 *     }),
 *     asyncRun(() -> {
 *       Optional<Integer> v;
 *       while ((v = rx.next().await()).isPresent()) { // the receiver is a Stream
 *         System.out.println(v.get());                // 1, then 2; then the stream ends
 *       }
 *     })));
 * }</pre>
 *
 * <h2>Which one to pick</h2>
 * <table>
 *   <caption>The primitives</caption>
 *   <tr><th>you need</th><th>use</th></tr>
 *   <tr><td>many producers, one consumer, back-pressure</td><td>{@link dev.weft.sync.Mpsc#bounded}</td></tr>
 *   <tr><td>the same without back-pressure</td><td>{@link dev.weft.sync.Mpsc#unbounded}</td></tr>
 *   <tr><td>one value, once (a reply)</td><td>{@link dev.weft.sync.Oneshot}</td></tr>
 *   <tr><td>every consumer sees every value</td><td>{@link dev.weft.sync.Broadcast}</td></tr>
 *   <tr><td>consumers want only the latest value</td><td>{@link dev.weft.sync.Watch}</td></tr>
 *   <tr><td>exclusive access held across an await</td><td>{@link dev.weft.sync.Mutex}</td></tr>
 *   <tr><td>many readers or one writer</td><td>{@link dev.weft.sync.RwLock}</td></tr>
 *   <tr><td>limit concurrency to n</td><td>{@link dev.weft.sync.Semaphore}</td></tr>
 *   <tr><td>wake a task when something happened (no data)</td><td>{@link dev.weft.sync.Notify}</td></tr>
 *   <tr><td>n tasks meet before going on</td><td>{@link dev.weft.sync.Barrier}</td></tr>
 *   <tr><td>a value computed once, lazily, maybe async</td><td>{@link dev.weft.sync.OnceCell}</td></tr>
 *   <tr><td>tell a tree of tasks to stop</td><td>{@link dev.weft.sync.CancellationToken}</td></tr>
 * </table>
 *
 * <h2>Common rules</h2>
 * <ul>
 *   <li>Values in channels are non-null; a null is rejected with {@link NullPointerException}.
 *   <li>Channel handles are closed explicitly ({@code close()}, or try-with-resources); a sender
 *       handle that becomes unreachable is closed by the library's cleaner, as Rust's drop
 *       would, so a receiver never waits forever for a forgotten sender. Cancelling a receiver
 *       (as a stream or future) closes it.
 *   <li>Locks and semaphores are fair (FIFO); try-variants never overtake a queued waiter.
 *   <li>On a runtime, channel and lock operations consume the task's cooperative budget: a
 *       ready operation may return pending once the budget is spent (the task is woken again at
 *       once), so one busy task cannot starve the others. Under {@code blockOn} there is none.
 *   <li>Wakers are never called, nor user code run, while an internal lock is held.
 * </ul>
 *
 * <h2>Dependencies</h2>
 * This package depends on {@code dev.weft.future}, {@code dev.weft.stream} (the receivers are
 * streams) and the library's internals; never on time or a runtime.
 */
package dev.weft.sync;
