package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Streams#toPublisher}: a {@link Flow.Publisher} of a stream, which is polled on an
 * executor. Unicast: the first subscriber gets the stream; a later one is rejected with
 * {@code onSubscribe} then {@code onError(IllegalStateException)} (§1.9).
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {
  private static final System.Logger LOG = System.getLogger("dev.weft.stream");

  private final AtomicReference<BaseStream<T>> stream;
  private final Executor executor;
  private final System.Logger log;

  StreamPublisher(BaseStream<T> stream, Executor executor) {
    this(stream, executor, LOG);
  }

  /** With the logger that reports a subscriber's rule-breaking throws (a test's recorder). */
  StreamPublisher(BaseStream<T> stream, Executor executor, System.Logger log) {
    this.stream = new AtomicReference<>(stream);
    this.executor = executor;
    this.log = log;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber"); // §1.9
    BaseStream<T> s = stream.getAndSet(null);
    if (s == null) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      subscriber.onError(new IllegalStateException(
          "this publisher of a weft stream was subscribed to already; a stream can be read once"));
      return;
    }
    new Emitter<>(s, subscriber, executor).start();
  }

  /**
   * One subscription: a task on the executor that polls the stream and signals the subscriber.
   *
   * <h2>Rules</h2>
   * <ol>
   *   <li>Only the task touches the stream and signals the subscriber, and the task never runs
   *       twice at once ({@code state}: IDLE, SCHEDULED, RUNNING, NOTIFIED = asked to run again
   *       while running), so signals are serial (§1.3) and the stream is never polled and
   *       cancelled at once. {@code request}, {@code cancel} and the stream's waker only record
   *       what they want and schedule the task, so {@code request} inside {@code onNext} never
   *       recurses (§3.3), even on a direct executor.
   *   <li>The task keeps one item of look-ahead: it polls the stream while it holds no item,
   *       and hands the item on only while there is demand (§1.1). So the end and a failure are
   *       signalled without waiting for demand (§1.4, §1.5), and at most one item is computed
   *       ahead of the demand.
   *   <li>Demand adds up to at most {@code Long.MAX_VALUE}, which means unbounded (§3.17);
   *       {@code request(n <= 0)} signals {@code onError(IllegalArgumentException)} (§3.9).
   *   <li>Cancel cancels the stream (on the task), and after a terminal signal or a cancel the
   *       task drops the stream and the subscriber (§3.13).
   *   <li>Once {@code cancel()} has returned, no item is handed on that the task had not begun
   *       to hand on already (§3.6, §1.8): {@code request} after a cancel adds nothing (else the
   *       task, past its check of {@code cancelled} and busy polling, would find the new demand
   *       and deliver an item nobody asked for before cancelling), and the task reads
   *       {@code cancelled} again after the poll and the demand, just before {@code onNext}.
   * </ol>
   */
  private static final class Emitter<T> implements Flow.Subscription, Runnable, Waker {
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int RUNNING = 2;
    private static final int NOTIFIED = 3;

    private final AtomicInteger state = new AtomicInteger(SCHEDULED); // until start() submits
    private final AtomicLong requested = new AtomicLong();
    private final Executor executor;
    private final Context cx = Context.of(this);
    private volatile boolean cancelled;
    private volatile boolean badRequest; // a request(n <= 0) came: signal onError
    private volatile long badRequestValue;
    private volatile boolean finished;
    // The task's own:
    private BaseStream<T> stream;
    private Flow.Subscriber<? super T> subscriber;
    private Object lookahead; // an item polled but not yet handed on, or null

    Emitter(BaseStream<T> stream, Flow.Subscriber<? super T> subscriber, Executor executor) {
      this.stream = stream;
      this.subscriber = subscriber;
      this.executor = executor;
    }

    void start() {
      try {
        subscriber.onSubscribe(this);
      } catch (Throwable t) { // §2.13: the subscriber broke the rules; treat as cancelled
        cancelled = true;
      }
      submit();
    }

    @Override
    public void request(long n) {
      if (cancelled) {
        return; // rule 5
      }
      if (n <= 0) {
        badRequestValue = n;
        badRequest = true;
      } else {
        requested.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      }
      schedule();
    }

    @Override
    public void cancel() {
      cancelled = true;
      schedule();
    }

    /** The stream's waker. */
    @Override
    public void wake() {
      schedule();
    }

    private void schedule() {
      for (;;) {
        int s = state.get();
        if (finished || s == SCHEDULED || s == NOTIFIED) {
          return;
        }
        if (s == IDLE && state.compareAndSet(IDLE, SCHEDULED)) {
          submit();
          return;
        }
        if (s == RUNNING && state.compareAndSet(RUNNING, NOTIFIED)) {
          return;
        }
      }
    }

    /** Hands the task (state SCHEDULED) to the executor. */
    private void submit() {
      try {
        executor.execute(this);
      } catch (Throwable rejected) {
        // Not run, and SCHEDULED keeps every other thread out: finish here.
        Flow.Subscriber<? super T> sub = subscriber;
        release(true);
        signal(() -> sub.onError(rejected));
      }
    }

    @Override
    public void run() {
      for (;;) {
        state.set(RUNNING);
        if (!finished) {
          work();
        }
        if (state.compareAndSet(RUNNING, IDLE)) {
          return;
        }
      }
    }

    /** Polls and signals until there is nothing to do without waiting. */
    private void work() {
      for (;;) {
        if (cancelled) {
          release(true);
          return;
        }
        if (badRequest) {
          long bad = badRequestValue;
          Flow.Subscriber<? super T> sub = subscriber;
          release(true);
          signal(() -> sub.onError(new IllegalArgumentException(
              "non-positive subscription request (Reactive Streams §3.9): " + bad)));
          return;
        }
        if (lookahead == null) {
          Object o;
          try {
            o = stream.pollRaw(cx);
          } catch (Throwable t) {
            Flow.Subscriber<? super T> sub = subscriber;
            release(true);
            signal(() -> sub.onError(t));
            return;
          }
          if (o == BaseStream.PENDING) {
            return; // the waker schedules the task
          }
          if (o == BaseStream.END) {
            Flow.Subscriber<? super T> sub = subscriber;
            release(false);
            signal(sub::onComplete);
            return;
          }
          lookahead = o;
        }
        long r = requested.get();
        if (r == 0) {
          return; // request() schedules the task
        }
        if (cancelled) {
          continue; // rule 5: a cancel came while polling; the top of the loop ends the task
        }
        if (r != Long.MAX_VALUE) {
          requested.decrementAndGet();
        }
        T item = BaseStream.item(lookahead);
        lookahead = null;
        try {
          subscriber.onNext(item);
        } catch (Throwable t) { // §2.13: the subscriber broke the rules; treat as cancelled
          cancelled = true;
        }
      }
    }

    /** The end of this subscription: drops the stream (cancelling it if asked) and the subscriber. */
    private void release(boolean cancelStream) {
      finished = true;
      BaseStream<T> s = stream;
      stream = null;
      subscriber = null;
      lookahead = null;
      if (cancelStream && s != null) {
        try {
          s.cancel();
        } catch (Throwable ignored) {
          // nobody to tell: the subscription is over
        }
      }
    }

    /** A terminal signal; a subscriber that throws from it broke §2.13, and nobody is left to tell. */
    private static void signal(Runnable terminal) {
      try {
        terminal.run();
      } catch (Throwable ignored) {
        // see above
      }
    }
  }
}
