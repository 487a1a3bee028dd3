package dev.weft.future;

/**
 * The answer of one {@link Future#poll}: ready with a value, or pending.
 *
 * <p>Pending means the future has arranged for the context's {@link Waker} to be woken when it
 * can make progress. There is one shared {@link Pending} instance; {@link #pending()} returns it.
 *
 * @param <T> the value's type
 */
public sealed interface Poll<T> permits Poll.Ready, Poll.Pending {

  /**
   * Ready with {@code value} (which may be null, as for a {@code Future<Void>}).
   *
   * @param <T> the value's type
   * @param value the value
   */
  record Ready<T>(T value) implements Poll<T> {
    // Every Future<Void> ends in ready(null): one shared instance saves an allocation a task.
    private static final Ready<?> OF_NULL = new Ready<>(null);

    @Override
    public boolean isReady() {
      return true;
    }
  }

  /**
   * Not ready yet; the waker will be woken. Use {@link Poll#pending()}: there is one instance.
   *
   * @param <T> the value's type
   */
  final class Pending<T> implements Poll<T> {
    static final Pending<?> INSTANCE = new Pending<>();

    private Pending() {}

    @Override
    public boolean isReady() {
      return false;
    }

    @Override
    public T value() {
      throw new IllegalStateException("Poll.pending() has no value; check isReady() first");
    }

    @Override
    public String toString() {
      return "Pending";
    }
  }

  /**
   * A ready poll.
   *
   * @param <T> the value's type
   * @param value the value (may be null)
   * @return a {@link Ready} of {@code value} (for null, one shared instance)
   */
  @SuppressWarnings("unchecked")
  static <T> Poll<T> ready(T value) {
    return value == null ? (Poll<T>) Ready.OF_NULL : new Ready<>(value);
  }

  /**
   * The pending poll.
   *
   * @param <T> the value's type
   * @return the one {@link Pending} instance
   */
  @SuppressWarnings("unchecked")
  static <T> Poll<T> pending() {
    return (Poll<T>) Pending.INSTANCE;
  }

  /**
   * Whether the poll is ready.
   *
   * @return true for {@link Ready}, false for {@link Pending}
   */
  boolean isReady();

  /**
   * The value of a ready poll; {@link IllegalStateException} if pending.
   *
   * @return the value
   */
  T value();
}
