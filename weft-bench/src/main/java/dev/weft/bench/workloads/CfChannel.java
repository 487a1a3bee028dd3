package dev.weft.bench.workloads;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded channel for the CompletableFuture suite, as a competent user of CompletableFuture
 * would write one: {@code send} and {@code recv} return stages, already complete when no wait
 * is needed (so a caller can loop without a hop through the pool). Waiting senders and receivers
 * queue as incomplete stages; a hand-off completes them outside the lock.
 */
final class CfChannel<T> {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private record WaitingSend<T>(T value, CompletableFuture<Void> done) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<T> buffer = new ArrayDeque<>();
  private final ArrayDeque<WaitingSend<T>> senders = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<T>> receivers = new ArrayDeque<>();
  private final int capacity;

  CfChannel(int capacity) {
    this.capacity = capacity;
  }

  CompletableFuture<Void> send(T value) {
    CompletableFuture<T> receiver;
    lock.lock();
    try {
      receiver = receivers.pollFirst();
      if (receiver == null) {
        if (buffer.size() < capacity) {
          buffer.addLast(value);
          return DONE;
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        senders.addLast(new WaitingSend<>(value, wait));
        return wait;
      }
    } finally {
      lock.unlock();
    }
    receiver.complete(value);
    return DONE;
  }

  CompletableFuture<T> recv() {
    WaitingSend<T> sender;
    T value;
    lock.lock();
    try {
      value = buffer.pollFirst();
      if (value == null) {
        CompletableFuture<T> wait = new CompletableFuture<>();
        receivers.addLast(wait);
        return wait;
      }
      sender = senders.pollFirst();
      if (sender != null) {
        buffer.addLast(sender.value());
      }
    } finally {
      lock.unlock();
    }
    if (sender != null) {
      sender.done().complete(null);
    }
    return CompletableFuture.completedFuture(value);
  }
}
