package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.internal.Failures;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@link Streams#toPublisher}: a {@link Flow.Publisher} of a stream, which is polled on an
 * executor. Unicast: the first subscriber gets the stream; a later one is rejected with
 * {@code onSubscribe} then {@code onError(IllegalStateException)} (§1.9).
 *
 * <h2>A subscriber that throws</h2>
 * A subscriber must return normally from every signal (§2.13). When one throws anyway, the
 * publisher counts its subscription as cancelled and raises the throwable, never swallows it:
 * <ul>
 *   <li>it signals that subscriber nothing more, and cancels the stream unless the stream had
 *       already ended or failed (from {@code onComplete} and {@code onError} the subscription is
 *       over already);
 *   <li>it logs the throwable on the {@link System.Logger} {@code dev.weft.stream}: an
 *       {@link Error} at ERROR, an exception at WARNING;
 *   <li>an {@link Error} (an {@link OutOfMemoryError}, a {@link StackOverflowError}, a test's
 *       {@link AssertionError}) is then thrown on from where the signal was made: out of the
 *       emitter's task, so an executor's thread hands it to its uncaught-exception handler (and
 *       a direct executor such as {@code Runnable::run} throws it to whoever called
 *       {@code request}, {@code subscribe} or the stream's waker); from {@code onSubscribe},
 *       out of {@code subscribe}. An exception is not thrown on: it is the subscriber's bug,
 *       not the thread's, and the log holds it.
 * </ul>
 * A stream whose {@code cancel()} throws is treated the same way. {@code onError} is not sent
 * to a subscriber that threw: it broke the contract, and calling it again could only fail
 * again.
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
      rejectLater(subscriber);
      return;
    }
    new Emitter<>(s, subscriber, executor, log).start();
  }

  /** A subscriber after the first: {@code onSubscribe} then {@code onError} (§1.9). */
  private void rejectLater(Flow.Subscriber<? super T> subscriber) {
    try {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
    } catch (Throwable t) {
      throwIfError(subscriberThrew(log, "onSubscribe", t));
      return; // counts as cancelled: no onError
    }
    try {
      subscriber.onError(new IllegalStateException(
          "this publisher of a weft stream was subscribed to already; a stream can be read once"));
    } catch (Throwable t) {
      throwIfError(subscriberThrew(log, "onError", t));
    }
  }

  /**
   * Logs what a subscriber threw from {@code signal} (see "A subscriber that throws" above) and
   * returns it if it is an {@link Error}, which the caller must throw on; else null.
   */
  private static Error subscriberThrew(System.Logger log, String signal, Throwable t) {
    return report(log, "a subscriber of Streams.toPublisher threw from " + signal
        + ", which Reactive Streams §2.13 forbids; it gets no signal more", t);
  }

  /** Logs {@code t} with {@code what} happened; returns it if it is an {@link Error}, else null. */
  private static Error report(System.Logger log, String what, Throwable t) {
    if (t instanceof Error e) {
      log.log(Level.ERROR, what, e);
      return e;
    }
    log.log(Level.WARNING, what, t);
    return null;
  }

  private static void throwIfError(Error e) {
    if (e != null) {
      throw e;
    }
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
   *       task drops the stream and the subscriber (§3.13). {@code finished} is then set for
   *       good, and nothing schedules the task again.
   *   <li>Once {@code cancel()} has returned, no item is handed on that the task had not begun
   *       to hand on already (§3.6, §1.8): {@code request} after a cancel adds nothing (else the
   *       task, past its check of {@code cancelled} and busy polling, would find the new demand
   *       and deliver an item nobody asked for before cancelling), and the task reads
   *       {@code cancelled} again after the poll and the demand, just before {@code onNext}.
   *   <li>A throw from the subscriber (§2.13) ends the subscription as a cancel does, is
   *       reported, and an {@link Error} is kept in {@code fatal} and thrown out of
   *       {@link #run} once the task has finished (see "A subscriber that throws" on
   *       {@link StreamPublisher}). Only such an Error ever leaves {@code run}.
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
    private final System.Logger log;
    private final Context cx = Context.of(this);
    private volatile boolean cancelled;
    private volatile boolean badRequest; // a request(n <= 0) came: signal onError
    private volatile long badRequestValue;
    private volatile boolean finished;
    // The task's own (or, while SCHEDULED keeps the task out, a rejected submit's):
    private BaseStream<T> stream;
    private Flow.Subscriber<? super T> subscriber;
    private Object lookahead; // an item polled but not yet handed on, or null
    private Error fatal; // rule 6: to throw out of run() once finished

    Emitter(BaseStream<T> stream, Flow.Subscriber<? super T> subscriber, Executor executor,
        System.Logger log) {
      this.stream = stream;
      this.subscriber = subscriber;
      this.executor = executor;
      this.log = log;
    }

    void start() {
      Error thrown = null;
      try {
        subscriber.onSubscribe(this);
      } catch (Throwable t) { // rule 6: the task will cancel the stream
        cancelled = true;
        thrown = subscriberThrew(log, "onSubscribe", t);
      }
      try {
        submit();
      } catch (Error e) { // a direct executor ran the task here, and it failed too
        throw (Error) Failures.combine(thrown, e);
      }
      throwIfError(thrown);
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
      } catch (Throwable t) {
        if (finished) {
          // A direct executor ran the task here, and the task threw (rule 6): pass it on.
          throw Failures.sneakyThrow(t);
        }
        // Rejected: not run, and SCHEDULED keeps every other thread out: finish here.
        Flow.Subscriber<? super T> sub = subscriber;
        boolean wasCancelled = cancelled;
        release(true);
        if (wasCancelled) {
          log.log(Level.DEBUG, "the executor of Streams.toPublisher refused the task that"
              + " cancels a cancelled subscription; the stream was cancelled here instead", t);
        } else {
          terminal(sub, "onError", s -> s.onError(t));
        }
        throwIfError(takeFatal());
      }
    }

    @Override
    public void run() {
      for (;;) {
        state.set(RUNNING);
        if (!finished) {
          work();
          throwIfError(takeFatal()); // rule 6: set only once finished
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
          terminal(sub, "onError", s -> s.onError(new IllegalArgumentException(
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
            terminal(sub, "onError", s -> s.onError(t));
            return;
          }
          if (o == BaseStream.PENDING) {
            return; // the waker schedules the task
          }
          if (o == BaseStream.END) {
            Flow.Subscriber<? super T> sub = subscriber;
            release(false);
            terminal(sub, "onComplete", Flow.Subscriber::onComplete);
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
        } catch (Throwable t) { // rule 6
          keepFatal(subscriberThrew(log, "onNext", t));
          release(true);
          return;
        }
      }
    }

    /** The end of this subscription: drops the stream (cancelled if asked) and the subscriber. */
    private void release(boolean cancelStream) {
      finished = true;
      BaseStream<T> s = stream;
      stream = null;
      subscriber = null;
      lookahead = null;
      if (cancelStream && s != null) {
        try {
          s.cancel();
        } catch (Throwable t) {
          keepFatal(report(log, "the stream of Streams.toPublisher threw from cancel()", t));
        }
      }
    }

    /** A terminal signal, after {@link #release}. */
    private void terminal(Flow.Subscriber<? super T> sub, String signal,
        Consumer<Flow.Subscriber<? super T>> terminal) {
      try {
        terminal.accept(sub);
      } catch (Throwable t) { // rule 6
        keepFatal(subscriberThrew(log, signal, t));
      }
    }

    private void keepFatal(Error e) {
      if (e != null) {
        fatal = (Error) Failures.combine(fatal, e);
      }
    }

    private Error takeFatal() {
      Error e = fatal;
      fatal = null;
      return e;
    }
  }
}
