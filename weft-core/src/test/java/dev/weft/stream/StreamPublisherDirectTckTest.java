package dev.weft.stream;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK on {@link Streams#toPublisher} with a direct executor
 * ({@code Runnable::run}): the stream is polled on whichever thread subscribes or requests, so
 * this checks that {@code request} inside {@code onNext} never recurses (§3.3) and signals stay
 * serial without a pool. Skips as in {@link StreamPublisherTckTest}.
 */
public class StreamPublisherDirectTckTest extends FlowPublisherVerification<Long> {

  public StreamPublisherDirectTckTest() {
    super(StreamPublisherTckTest.environment(), 1_000);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Streams.toPublisher(StreamPublisherTckTest.numbers(elements), Runnable::run);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return Streams.toPublisher(Streams.<Long>pollFn(cx -> {
      throw new IllegalStateException("the stream failed");
    }), Runnable::run);
  }
}
