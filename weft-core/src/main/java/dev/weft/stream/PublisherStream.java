package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.internal.Failures;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Streams#fromPublisher}: a stream that subscribes to a {@link Flow.Publisher} at its
 * first poll and reads what it pushes, with back-pressure.
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>Demand goes in batches: {@code batch} items at {@code onSubscribe}, then {@code batch/2}
 *       more each time the consumer took that many, so at most {@code batch} items are ever
 *       buffered and the publisher rarely waits.
 *   <li>Signals arrive on the publisher's threads (one at a time, Reactive Streams §1.3); they
 *       enqueue and then wake the consumer's latest waker. The consumer stores its waker before
 *       it looks at the queue, so one of the two always sees the other (no lost wake-up).
 *   <li>{@code request} and {@code cancel} on the subscription come from the publisher's thread
 *       (the first batch, in {@code onSubscribe}) and from the consumer's (later batches,
 *       cancel). §2.7 wants them serial: they go through a small drain loop ({@code wip}) in
 *       which one thread at a time makes the calls.
 *   <li>Cancelling the stream cancels the subscription, also when {@code onSubscribe} comes
 *       later (§2.5, §2.6); signals after that are dropped (§2.8).
 * </ol>
 */
final class PublisherStream<T> extends BaseStream<T> {
  private final Flow.Publisher<? extends T> publisher;
  private final Subscriber subscriber = new Subscriber();
  private final int batch;
  private final int refill;
  private boolean subscribed;
  private int consumed; // items taken since the last request; consumer's thread only

  PublisherStream(Flow.Publisher<? extends T> publisher, int batch) {
    this.publisher = publisher;
    this.batch = batch;
    this.refill = Math.max(1, batch / 2);
  }

  /** The subscriber this stream subscribes with (for the Reactive Streams TCK). */
  Flow.Subscriber<T> subscriber() {
    return subscriber;
  }

  @Override
  Object pollRaw(Context cx) {
    Subscriber s = subscriber;
    s.waker = cx.waker();
    if (!subscribed) {
      subscribed = true;
      publisher.subscribe(s);
    }
    boolean terminated = s.terminated; // read before the queue: items come before the terminal signal
    Object item = s.queue.poll();
    if (item != null) {
      if (++consumed == refill) {
        consumed = 0;
        s.demand(refill);
      }
      return item;
    }
    if (!terminated) {
      return PENDING;
    }
    Throwable error = s.error;
    if (error != null) {
      s.error = null;
      throw Failures.sneakyThrow(error);
    }
    return END;
  }

  @Override
  public void cancel() {
    subscribed = true; // a stream cancelled before its first poll never subscribes
    subscriber.cancelSubscription();
  }

  private final class Subscriber implements Flow.Subscriber<T> {
    final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    volatile Waker waker;
    volatile boolean terminated;
    volatile Throwable error; // written before terminated

    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private final AtomicLong toRequest = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private boolean cancelSent; // drain loop only

    @Override
    public void onSubscribe(Flow.Subscription s) {
      Objects.requireNonNull(s, "subscription"); // §2.13
      if (subscription != null || cancelled) {
        s.cancel(); // §2.5: one subscription at a time; or the stream was cancelled already
        return;
      }
      subscription = s;
      demand(batch);
    }

    @Override
    public void onNext(T item) {
      Objects.requireNonNull(item, "item"); // §2.13
      if (!cancelled) {
        queue.offer(item);
        wake();
      }
    }

    @Override
    public void onError(Throwable t) {
      Objects.requireNonNull(t, "throwable"); // §2.13
      error = t;
      terminated = true;
      wake();
    }

    @Override
    public void onComplete() {
      terminated = true;
      wake();
    }

    private void wake() {
      Waker w = waker;
      if (w != null) {
        w.wake();
      }
    }

    void demand(long n) {
      toRequest.addAndGet(n);
      drain();
    }

    void cancelSubscription() {
      cancelled = true;
      queue.clear();
      drain();
    }

    /** Makes the pending request and cancel calls, one thread at a time (§2.7). */
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        Flow.Subscription s = subscription;
        if (s != null && terminated) {
          subscription = null; // §2.4: after onComplete or onError it counts as cancelled
        } else if (s != null && !cancelSent) {
          if (cancelled) {
            cancelSent = true;
            subscription = null; // §3.13 on our side: drop the reference
            s.cancel();
          } else {
            long n = toRequest.getAndSet(0);
            if (n > 0) {
              s.request(n);
            }
          }
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }
}
