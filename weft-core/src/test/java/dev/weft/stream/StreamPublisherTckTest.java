package dev.weft.stream;

import dev.weft.future.Futures;
import dev.weft.test.YieldingFuture;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK ({@code PublisherVerification}, for {@code java.util.concurrent.Flow})
 * on {@link Streams#toPublisher}, polled on a pool of threads. Every fourth item waits for a
 * future that is pending once, so the publisher also goes through its wake-up path.
 *
 * <p>TestNG tests, run on the JUnit Platform by the TestNG engine in the normal Surefire run.
 * The TCK itself skips its {@code untested_*} rules, and the {@code optional_spec111_*} ones
 * (several subscribers) because the publisher is unicast: a stream can be read once.
 */
public class StreamPublisherTckTest extends FlowPublisherVerification<Long> {
  /**
   * The TCK's timeouts for every verification here: generous for signals that must come (on a
   * loaded machine), short for "no signal may come" and for the polling step.
   */
  static TestEnvironment environment() {
    return new TestEnvironment(2_000, 100, 10);
  }

  /**
   * {@link #environment()} with a poll step as long as the timeout, for a publisher that signals
   * from another thread. In TCK 1.0.4, {@code expectError} gives up after its first poll step
   * whatever the timeout (its countdown is written {@code remaining =- elapsed}; fixed upstream
   * after that release), and it sleeps one step before it looks. With a 10 ms step the §3.9
   * tests failed whenever a loaded pool took longer than that to deliver {@code onError}, and
   * the late {@code onError} then failed the next test as an async error. Only
   * {@code expectError} uses the step: each of its three uses here takes the whole 2 s.
   */
  static TestEnvironment environmentForAnotherThread() {
    return new TestEnvironment(2_000, 100, 2_000);
  }

  private ExecutorService executor;

  public StreamPublisherTckTest() {
    super(environmentForAnotherThread(), 1_000);
  }

  @BeforeClass
  public void startExecutor() {
    executor = Executors.newFixedThreadPool(2);
  }

  @AfterClass
  public void stopExecutor() {
    executor.shutdownNow();
  }

  /** The numbers 0 .. n-1, made one by one (Long.MAX_VALUE: endless, as the TCK asks). */
  static Stream<Long> numbers(long n) {
    Iterable<Long> source = () -> new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return n == Long.MAX_VALUE || next < n;
      }

      @Override
      public Long next() {
        return next++;
      }
    };
    return Streams.fromIterable(source);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Streams.toPublisher(
        numbers(elements).then(x -> x % 4 == 3 ? YieldingFuture.after(1, x) : Futures.ready(x)), executor);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return Streams.toPublisher(
        Streams.<Long>pollFn(cx -> {
          throw new IllegalStateException("the stream failed");
        }),
        executor);
  }
}
