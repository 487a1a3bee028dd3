package dev.weft.sync;

/**
 * The one guard of {@link Mutex} and {@link RwLock}: the lock future, its own waiter node, and,
 * once ready, the guard (so a lock costs one allocation). It holds {@code permits} of the
 * lock's semaphore until closed; a read guard ({@code writable == false}) cannot set the value.
 * The try-variants make one and {@link #markAcquired() mark} it acquired directly.
 *
 * @param <T> the type of the guarded value
 */
final class LockGuard<T> extends AcquireFuture<LockGuard<T>>
    implements Mutex.Guard<T>, RwLock.ReadGuard<T> {
  private final Mutex<T> cell; // holds the value; the semaphore orders the accesses
  private final int permits;
  private final boolean writable;
  private boolean closed;

  LockGuard(Sem sem, int permits, Mutex<T> cell, boolean writable) {
    super(sem, permits);
    this.cell = cell;
    this.permits = permits;
    this.writable = writable;
  }

  @Override
  public String describe() {
    return (writable ? (permits == 1 ? "lock(Mutex@" : "write(RwLock@") : "read(RwLock@")
        + Integer.toHexString(System.identityHashCode(cell)) + ")";
  }

  /** This guard, already holding its permits (taken by a try-acquire). */
  LockGuard<T> acquired() {
    markAcquired();
    return this;
  }

  @Override
  LockGuard<T> onAcquired() {
    return this;
  }

  @Override
  RuntimeException onClosed() {
    return new IllegalStateException("unreachable: a lock is never closed");
  }

  private void checkHeld() {
    if (closed) {
      throw new IllegalStateException("the guard was closed: the lock is no longer held");
    }
  }

  @Override
  public T get() {
    checkHeld();
    return cell.value;
  }

  @Override
  public void set(T value) {
    checkHeld();
    if (!writable) {
      throw new IllegalStateException("a read guard cannot set the value");
    }
    cell.value = value;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      sem.release(permits);
    }
  }
}
