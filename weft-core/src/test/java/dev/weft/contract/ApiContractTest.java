package dev.weft.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.FusedFuture;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Result;
import dev.weft.future.Select;
import dev.weft.future.Tuple2;
import dev.weft.future.Tuple3;
import dev.weft.future.Waker;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.JoinSet;
import dev.weft.runtime.RuntimeMetrics;
import dev.weft.runtime.Task;
import dev.weft.stream.FusedStream;
import dev.weft.stream.FuturesUnordered;
import dev.weft.stream.Stream;
import dev.weft.stream.Streams;
import dev.weft.sync.Barrier;
import dev.weft.sync.Broadcast;
import dev.weft.sync.CancellationToken;
import dev.weft.sync.ChannelClosedException;
import dev.weft.sync.LaggedException;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Mutex;
import dev.weft.sync.Notify;
import dev.weft.sync.OnceCell;
import dev.weft.sync.Oneshot;
import dev.weft.sync.Receiver;
import dev.weft.sync.RwLock;
import dev.weft.sync.Semaphore;
import dev.weft.sync.Sender;
import dev.weft.sync.Watch;
import dev.weft.time.Elapsed;
import dev.weft.time.Time;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The public API as a program: every exported type and member, used with its exact types, from a
 * package that is not the library's own. If a name or a signature drifts, this file stops
 * compiling; the assertions check the few behaviours that can be checked without a runtime.
 */
class ApiContractTest {

  @Test
  void futurePackageNamesAndTypes() {
    Supplier<Future<Integer>> one = () -> Futures.ready(1);
    Future<Integer> f = one.get();
    Future<String> mapped = f.map(i -> "v" + i);
    Future<Integer> chained = one.get().then(i -> Futures.ready(i + 1));
    Future<Integer> inspected = one.get().inspect(i -> { });
    Future<Integer> recovered = Futures.<Integer>failed(new RuntimeException()).recover(t -> 0);
    Future<Integer> remapped = one.get().mapError(t -> new IllegalStateException(t));
    Future<Result<Integer>> result = one.get().result();
    FusedFuture<Integer> fused = one.get().fuse();
    one.get().cancel();

    Poll<Integer> ready = Poll.ready(3);
    Poll<Integer> pending = Poll.pending();
    assertTrue(ready.isReady());
    assertEquals(3, ready.value());
    assertFalse(pending.isReady());
    assertThrows(IllegalStateException.class, pending::value);
    assertTrue(ready instanceof Poll.Ready<Integer> r && r.value() == 3);
    assertTrue(pending instanceof Poll.Pending<Integer>);
    assertSame(Poll.<String>pending(), Poll.<Integer>pending(), "one shared Pending instance");

    Waker noop = Waker.noop();
    noop.wake();
    Context cx = Context.of(noop);
    assertSame(noop, cx.waker());

    Result<Integer> ok = Result.ok(1);
    Result<Integer> err = Result.err(new IllegalArgumentException("x"));
    assertTrue(ok.isOk());
    assertEquals(1, ok.get());
    assertFalse(err.isOk());
    assertThrows(IllegalArgumentException.class, err::get);
    assertTrue(ok instanceof Result.Ok<Integer> o && o.value() == 1);
    assertTrue(err instanceof Result.Err<Integer> e && e.error() instanceof IllegalArgumentException);

    Tuple2<String, Integer> t2 = new Tuple2<>("a", 1);
    Tuple3<String, Integer, Long> t3 = new Tuple3<>("a", 1, 2L);
    assertEquals("a", t2.first());
    assertEquals(1, t2.second());
    assertEquals(2L, t3.third());

    Future<Integer> failed = Futures.failed(new Exception("checked"));
    Future<Integer> never = Futures.pending();
    Future<Integer> lazy = Futures.lazy(() -> 7);
    Future<Integer> pollFn = Futures.pollFn((Context c) -> Poll.ready(8));
    Future<Tuple2<Integer, String>> j2 = Futures.join(one.get(), Futures.ready("s"));
    Future<Tuple3<Integer, String, Long>> j3 =
        Futures.join(one.get(), Futures.ready("s"), Futures.ready(1L));
    Future<List<Number>> jAll = Futures.joinAll(List.of(Futures.ready(1), Futures.ready(2L)));
    Future<Tuple2<Integer, String>> tj2 = Futures.tryJoin(one.get(), Futures.ready("s"));
    Future<Tuple3<Integer, String, Long>> tj3 =
        Futures.tryJoin(one.get(), Futures.ready("s"), Futures.ready(1L));
    Future<List<Number>> tjAll = Futures.tryJoinAll(List.of(Futures.ready(1), Futures.ready(2L)));
    Future<Number> raceList = Futures.race(List.of(Futures.ready(1), Futures.ready(2L)));
    Future<Integer> raceVarargs = Futures.race(Futures.ready(1), Futures.ready(2));
    Future<Number> selectOk = Futures.selectOk(List.of(Futures.ready(1), Futures.ready(2L)));
    CompletionStage<String> stage = CompletableFuture.completedFuture("cf");
    Future<String> fromStage = Futures.fromCompletionStage(stage);

    assertEquals(new Tuple2<>(1, "s"), Futures.blockOn(j2));
    assertEquals(new Tuple3<>(1, "s", 1L), Futures.blockOn(tj3));
    assertEquals(List.of(1, 2L), Futures.blockOn(jAll));
    assertEquals(new Tuple2<>(1, "s"), Futures.blockOn(tj2));
    assertEquals(new Tuple3<>(1, "s", 1L), Futures.blockOn(j3));
    assertEquals(List.of(1, 2L), Futures.blockOn(tjAll));
    assertEquals(1, Futures.blockOn(raceList));
    assertEquals(1, Futures.blockOn(raceVarargs));
    assertEquals(1, Futures.blockOn(selectOk));
    assertEquals("cf", Futures.blockOn(fromStage));
    assertEquals("v1", Futures.blockOn(mapped));
    assertEquals(2, Futures.blockOn(chained));
    assertEquals(1, Futures.blockOn(inspected));
    assertEquals(0, Futures.blockOn(recovered));
    assertEquals(1, Futures.blockOn(remapped));
    assertEquals(Result.ok(1), Futures.blockOn(result));
    assertEquals(1, Futures.blockOn(fused));
    assertTrue(fused.isTerminated());
    assertEquals(7, Futures.blockOn(lazy));
    assertEquals(8, Futures.blockOn(pollFn));
    assertTrue(Futures.blockOn(failed.result()) instanceof Result.Err<Integer>);
    never.cancel();
    assertThrows(IllegalArgumentException.class, () -> Futures.race(List.<Future<Integer>>of()));

    Select<String> select = Select.<String>create()
        .on(Futures.ready(1).fuse(), (Integer i) -> "one")
        .on(Futures.ready("b").fuse(), (String s) -> s)
        .complete(() -> "done")
        .otherwise(() -> "nothing")
        .biased();
    Future<String> selected = select.future();
    assertEquals("one", Futures.blockOn(selected));
    Future<String> awaitedSelect = Async.async(() -> Select.<String>create()
        .on(Futures.<Integer>pending().fuse(), (Integer i) -> "never")
        .on(Futures.ready("two").fuse(), (String v) -> v)
        .await());
    assertEquals("two", Futures.blockOn(awaitedSelect));

    Callable<Integer> body = () -> 1;
    Future<Integer> block = Async.async(body);
    Future<Void> run = Async.asyncRun(() -> { });
    Async.ThrowingRunnable throwing = () -> { throw new Exception("may throw"); };
    assertFalse(Async.inAsync());
    block.cancel();
    run.cancel();
    CompletionException wrapped =
        assertThrows(CompletionException.class, () -> Futures.blockOn(Async.asyncRun(throwing)));
    assertEquals("may throw", wrapped.getCause().getMessage());
  }

  @Test
  void streamPackageNamesAndTypes() {
    Stream<Integer> s = Streams.of(1, 2, 3);
    Future<Optional<Integer>> next = s.next();
    assertThrows(IllegalStateException.class, () -> Streams.of(1).asIterable(),
        "asIterable outside an async block");
    Future<Integer> iterated = Async.async(() -> {
      int sum = 0;
      Iterable<Integer> iterable = Streams.of(1, 2).asIterable();
      for (int i : iterable) {
        sum += i;
      }
      return sum;
    });
    Stream<String> map = Streams.of(1).map(i -> "v" + i);
    Stream<Integer> filter = Streams.of(1).filter(i -> i > 0);
    Stream<String> then = Streams.of(1).then(i -> Futures.ready("t" + i));
    Stream<Integer> flatMap = Streams.of(1).flatMap(i -> Streams.of(i, i));
    Stream<Integer> take = Streams.of(1).take(1L);
    Stream<Integer> skip = Streams.of(1).skip(1L);
    Stream<Integer> takeWhile = Streams.of(1).takeWhile(i -> true);
    Stream<Tuple2<Integer, String>> zip = Streams.of(1).zip(Streams.of("a"));
    Stream<Number> chain = Streams.<Number>of(1).chain(Streams.of(2L));
    Stream<List<Integer>> chunks = Streams.of(1).chunks(2);
    Stream<String> buffered = Streams.of(1).buffered(2, i -> Futures.ready("b" + i));
    Stream<String> bufferUnordered = Streams.of(1).bufferUnordered(2, i -> Futures.ready("u" + i));
    Future<Long> fold = Streams.of(1, 2).fold(0L, (Long a, Integer i) -> Futures.ready(a + i));
    Future<Void> forEach = Streams.of(1).forEach(i -> { });
    Future<Void> forEachConcurrent = Streams.of(1).forEachConcurrent(2, i -> Futures.ready(i));
    Future<List<Integer>> collect = Streams.of(1, 2).collectList();
    Future<Long> count = Streams.of(1, 2).count();
    FusedStream<Integer> fused = Streams.of(1).fuse();
    Poll<Optional<Integer>> first = Streams.of(5).pollNext(Context.of(Waker.noop()));

    Stream<Integer> empty = Streams.empty();
    Stream<Integer> fromIterable = Streams.fromIterable(List.of(1, 2));
    Stream<Integer> once = Streams.once(Futures.ready(1));
    Stream<Integer> unfold = Streams.unfold(0, (Integer st) -> Futures.ready(
        st < 2 ? Optional.of(new Tuple2<>(st, st + 1)) : Optional.<Tuple2<Integer, Integer>>empty()));
    Stream<Integer> pollFn = Streams.pollFn((Context c) -> Poll.ready(Optional.<Integer>empty()));
    Stream<Number> merge = Streams.merge(List.of(Streams.of(1), Streams.of(2L)));
    Executor direct = Runnable::run;
    Flow.Publisher<Integer> publisher = Streams.toPublisher(Streams.of(1, 2), direct);
    Stream<Integer> fromPublisher = Streams.fromPublisher(publisher);

    FuturesUnordered<Integer> unordered = new FuturesUnordered<>();
    unordered.add(Futures.ready(1));
    assertEquals(1, unordered.size());
    assertFalse(unordered.isEmpty());
    Stream<Integer> asStream = unordered;

    assertEquals(Optional.of(1), Futures.blockOn(next));
    assertEquals(List.of("v1"), Futures.blockOn(map.collectList()));
    assertEquals(List.of(1), Futures.blockOn(filter.collectList()));
    assertEquals(List.of("t1"), Futures.blockOn(then.collectList()));
    assertEquals(List.of(1, 1), Futures.blockOn(flatMap.collectList()));
    assertEquals(List.of(1), Futures.blockOn(take.collectList()));
    assertEquals(List.of(), Futures.blockOn(skip.collectList()));
    assertEquals(List.of(1), Futures.blockOn(takeWhile.collectList()));
    assertEquals(List.of(new Tuple2<>(1, "a")), Futures.blockOn(zip.collectList()));
    assertEquals(List.of(1, 2L), Futures.blockOn(chain.collectList()));
    assertEquals(List.of(List.of(1)), Futures.blockOn(chunks.collectList()));
    assertEquals(List.of("b1"), Futures.blockOn(buffered.collectList()));
    assertEquals(List.of("u1"), Futures.blockOn(bufferUnordered.collectList()));
    assertEquals(3L, Futures.blockOn(fold));
    Futures.blockOn(forEach);
    Futures.blockOn(forEachConcurrent);
    assertEquals(List.of(1, 2), Futures.blockOn(collect));
    assertEquals(2L, Futures.blockOn(count));
    assertEquals(List.of(1), Futures.blockOn(fused.collectList()));
    assertTrue(fused.isTerminated());
    assertEquals(Poll.ready(Optional.of(5)), first);
    assertEquals(List.of(), Futures.blockOn(empty.collectList()));
    assertEquals(List.of(1, 2), Futures.blockOn(fromIterable.collectList()));
    assertEquals(List.of(1), Futures.blockOn(once.collectList()));
    assertEquals(List.of(0, 1), Futures.blockOn(unfold.collectList()));
    assertEquals(List.of(), Futures.blockOn(pollFn.collectList()));
    assertEquals(2L, Futures.blockOn(merge.count()));
    assertEquals(List.of(1, 2), Futures.blockOn(fromPublisher.collectList()));
    assertEquals(List.of(1), Futures.blockOn(asStream.collectList()));
    assertEquals(3, Futures.blockOn(iterated));
    s.cancel();
  }

  @Test
  void syncPackageNamesAndTypes() throws Exception {
    RuntimeException closed1 = new ChannelClosedException();
    RuntimeException closed2 = new ChannelClosedException("why");
    RuntimeException lagged = new LaggedException(5L);
    assertEquals(5L, ((LaggedException) lagged).skipped());
    assertEquals("why", closed2.getMessage());
    assertTrue(closed1 instanceof ChannelClosedException);

    Mpsc.Channel<Integer> bounded = Mpsc.bounded(2);
    Mpsc.Channel<Integer> unbounded = Mpsc.unbounded();
    Sender<Integer> tx = bounded.sender();
    Receiver<Integer> rx = bounded.receiver();
    Future<Void> send = tx.send(1);
    assertEquals(null, Futures.blockOn(send));
    assertTrue(tx.trySend(2));
    assertFalse(tx.trySend(3), "full");
    Sender<Integer> tx2 = tx.clone();
    assertFalse(tx.isClosed());
    Future<Optional<Integer>> recv = rx.recv();
    assertEquals(Optional.of(1), Futures.blockOn(recv));
    assertEquals(Optional.of(2), rx.tryRecv());
    Future<Sender.Permit<Integer>> reserve = tx.reserve();
    Sender.Permit<Integer> permit = Futures.blockOn(reserve);
    permit.send(4);
    Sender.Permit<Integer> permit2 = Futures.blockOn(tx.reserve());
    permit2.release();
    tx.close();
    tx2.close();
    Stream<Integer> rest = rx;
    assertEquals(List.of(4), Futures.blockOn(rest.collectList()));
    rx.close();
    AutoCloseable closeableTx = unbounded.sender();
    AutoCloseable closeableRx = unbounded.receiver();
    closeableTx.close();
    closeableRx.close();
    assertThrows(IllegalArgumentException.class, () -> Mpsc.bounded(0));

    Oneshot.Channel<String> oneshot = Oneshot.channel();
    Oneshot.Sender<String> otx = oneshot.sender();
    Oneshot.Receiver<String> orx = oneshot.receiver();
    assertFalse(otx.isClosed());
    assertTrue(otx.send("one"));
    Future<String> asFuture = orx;
    assertEquals("one", Futures.blockOn(asFuture));
    otx.close();
    orx.close();

    Broadcast.Sender<String> btx = Broadcast.channel(4);
    Broadcast.Receiver<String> brx = btx.subscribe();
    int seen = btx.send("b");
    assertEquals(1, seen);
    Future<Optional<String>> brecv = brx.recv();
    assertEquals(Optional.of("b"), Futures.blockOn(brecv));
    Stream<String> bstream = brx;
    btx.close();
    assertEquals(List.of(), Futures.blockOn(bstream.collectList()));
    brx.close();

    Watch.Sender<String> wtx = Watch.channel("w0");
    Watch.Receiver<String> wrx = wtx.subscribe();
    assertEquals("w0", wrx.borrow());
    wtx.send("w1");
    Future<Void> changed = wrx.changed();
    Futures.blockOn(changed);
    assertEquals("w1", wrx.borrow());
    wtx.close();

    Mutex<Integer> mutex = new Mutex<>(0);
    Future<Mutex.Guard<Integer>> lock = mutex.lock();
    try (Mutex.Guard<Integer> g = Futures.blockOn(lock)) {
      g.set(g.get() + 1);
      assertTrue(mutex.tryLock().isEmpty());
    }
    Optional<Mutex.Guard<Integer>> tryLock = mutex.tryLock();
    assertEquals(1, tryLock.orElseThrow().get());
    tryLock.get().close();

    RwLock<String> rw = new RwLock<>("r");
    Future<Mutex.Guard<String>> write = rw.write();
    Future<RwLock.ReadGuard<String>> read = rw.read();
    try (RwLock.ReadGuard<String> r = Futures.blockOn(read)) {
      assertEquals("r", r.get());
      Optional<RwLock.ReadGuard<String>> tryRead = rw.tryRead();
      tryRead.orElseThrow().close();
      Optional<Mutex.Guard<String>> tryWrite = rw.tryWrite();
      assertTrue(tryWrite.isEmpty());
    }
    Futures.blockOn(write).close();

    Semaphore sem = new Semaphore(3);
    Future<Semaphore.Permit> one = sem.acquire();
    Future<Semaphore.Permit> two = sem.acquire(2);
    Semaphore.Permit p1 = Futures.blockOn(one);
    Semaphore.Permit p2 = Futures.blockOn(two);
    assertEquals(0, sem.availablePermits());
    Optional<Semaphore.Permit> none = sem.tryAcquire();
    assertTrue(none.isEmpty());
    p1.close();
    p2.close();
    sem.addPermits(1);
    assertEquals(4, sem.availablePermits());
    AutoCloseable permitCloseable = Futures.blockOn(sem.acquire());
    permitCloseable.close();
    sem.close();
    assertThrows(IllegalStateException.class, sem::tryAcquire);
    assertThrows(IllegalArgumentException.class, () -> sem.acquire(0));

    Notify notify = new Notify();
    notify.notifyOne();
    Future<Void> notified = notify.notified();
    Futures.blockOn(notified);
    notify.notifyWaiters();

    Barrier barrier = new Barrier(1);
    Future<Boolean> arrive = barrier.arriveAndWait();
    assertTrue(Futures.blockOn(arrive));
    assertThrows(IllegalArgumentException.class, () -> new Barrier(0));

    OnceCell<String> cell = new OnceCell<>();
    Optional<String> empty = cell.get();
    assertTrue(empty.isEmpty());
    Supplier<Future<String>> init = () -> Futures.ready("init");
    Future<String> getOrInit = cell.getOrInit(init);
    assertEquals("init", Futures.blockOn(getOrInit));
    assertFalse(cell.set("again"));

    CancellationToken token = new CancellationToken();
    CancellationToken child = token.child();
    Future<Void> cancelled = child.cancelled();
    token.cancel();
    assertTrue(token.isCancelled());
    assertTrue(child.isCancelled());
    Futures.blockOn(cancelled);
  }

  @Test
  void timeAndRuntimePackagesNamesAndTypes() throws Exception {
    RuntimeException elapsed = new Elapsed();
    RuntimeException elapsedWhy = new Elapsed("why");
    assertEquals("why", elapsedWhy.getMessage());
    assertTrue(elapsed instanceof Elapsed);

    Future<Void> sleep = Time.sleep(Duration.ZERO);
    Future<Void> sleepUntil = Time.sleepUntil(Instant.now());
    Future<Integer> timeout = Time.timeout(Duration.ofSeconds(1), Futures.ready(1));
    Stream<Instant> interval = Time.interval(Duration.ofMillis(1));
    Instant now = Time.now();
    assertTrue(now != null);
    assertThrows(IllegalArgumentException.class, () -> Time.sleep(Duration.ofMillis(-1)));

    AsyncRuntime.Builder builder = AsyncRuntime.builder()
        .currentThread().multiThread().workers(2).threadName("contract").startPaused(false);
    try (AsyncRuntime rt = builder.build()) {
      assertEquals(null, rt.blockOn(sleep));
      JoinHandle<Integer> h = rt.spawn(Async.async(() -> {
        Optional<AsyncRuntime> here = AsyncRuntime.current();
        assertTrue(here.isPresent());
        Time.sleepUntil(Time.now()).await();
        Task.yieldNow().await();
        JoinHandle<String> blocking = Task.spawnBlocking(() -> "blocking");
        JoinHandle<Integer> inner = Task.spawn(Futures.ready(2));
        return blocking.await().length() + inner.await();
      }));
      assertEquals(10, rt.blockOn(h));
      assertTrue(h.isFinished());
      assertTrue(h.id() != rt.spawn(Futures.ready(0)).id(), "ids differ");
      CompletableFuture<Integer> cf = rt.spawn(Futures.ready(3)).toCompletableFuture();
      assertEquals(3, cf.get());
      JoinHandle<Integer> aborted = rt.spawn(Futures.pending());
      aborted.abort();
      assertEquals(1, rt.blockOn(timeout));
      assertEquals(null, rt.blockOn(sleepUntil));
      assertEquals(2, rt.blockOn(interval.take(2).count()));

      RuntimeMetrics m = rt.metrics();
      int workers = m.workers();
      long alive = m.aliveTasks();
      long spawned = m.spawnedTasks();
      long polls = m.polls();
      long steals = m.steals();
      long depth = m.injectionQueueDepth();
      int blockingThreads = m.blockingThreads();
      long unhandled = m.unhandledFailures();
      assertEquals(2, workers);
      assertTrue(alive >= 0 && spawned >= 3 && polls > 0 && steals >= 0 && depth >= 0
          && blockingThreads >= 0 && unhandled >= 0);

      JoinSet<Integer> set = rt.blockOn(Async.async(() -> {
        JoinSet<Integer> js = new JoinSet<>();
        JoinHandle<Integer> a = js.spawn(Futures.ready(1));
        js.spawn(Futures.pending());
        assertEquals(2, js.size());
        Future<Optional<Result<Integer>>> joined = js.joinNext();
        assertEquals(Optional.of(Result.ok(1)), joined.await());
        assertTrue(a.isFinished());
        js.abortAll();
        Optional<Result<Integer>> abortedResult = js.joinNext().await();
        assertTrue(abortedResult.orElseThrow() instanceof Result.Err<Integer>);
        return js;
      }));
      set.close();
      boolean closedInTime = rt.close(Duration.ofSeconds(5));
      assertTrue(closedInTime);
    }
    try (AsyncRuntime ct = AsyncRuntime.currentThread()) {
      assertEquals(1, ct.metrics().workers());
      try (AsyncRuntime paused = AsyncRuntime.builder().startPaused(true).build()) {
        assertThrows(IllegalStateException.class, () -> Time.advance(Duration.ofSeconds(1)),
            "advance outside a paused runtime");
        Instant before = paused.blockOn(Futures.lazy(Time::now));
        paused.blockOn(Async.asyncRun(() -> Time.advance(Duration.ofSeconds(1)).await()));
        Instant after = paused.blockOn(Futures.lazy(Time::now));
        assertEquals(Duration.ofSeconds(1), Duration.between(before, after));
      }
    }
    AsyncRuntime mt = AsyncRuntime.multiThread();
    mt.close();
  }

  /** Every type of the public API is public, nested interfaces and classes too. */
  @Test
  void everyListedTypeIsPublic() {
    List<Class<?>> types = List.of(Future.class, FusedFuture.class, Poll.class, Poll.Ready.class,
        Poll.Pending.class, Context.class, Waker.class, Result.class, Result.Ok.class,
        Result.Err.class, Tuple2.class, Tuple3.class, Futures.class, Select.class, Async.class,
        Async.ThrowingRunnable.class, Stream.class, FusedStream.class, Streams.class,
        FuturesUnordered.class, ChannelClosedException.class, LaggedException.class, Mpsc.class,
        Mpsc.Channel.class, Sender.class, Sender.Permit.class, Receiver.class, Oneshot.class,
        Oneshot.Channel.class, Oneshot.Sender.class, Oneshot.Receiver.class, Broadcast.class,
        Broadcast.Sender.class, Broadcast.Receiver.class, Watch.class, Watch.Sender.class,
        Watch.Receiver.class, Mutex.class, Mutex.Guard.class, RwLock.class, RwLock.ReadGuard.class,
        Semaphore.class, Semaphore.Permit.class, Notify.class, Barrier.class, OnceCell.class,
        CancellationToken.class, Time.class, Elapsed.class, AsyncRuntime.class,
        AsyncRuntime.Builder.class, RuntimeMetrics.class, Task.class, JoinHandle.class,
        JoinSet.class);
    for (Class<?> t : types) {
      assertTrue(Modifier.isPublic(t.getModifiers()), t + " is public");
    }
    assertTrue(Modifier.isFinal(Futures.class.getModifiers()));
    assertTrue(Modifier.isFinal(AsyncRuntime.class.getModifiers()));
  }
}
