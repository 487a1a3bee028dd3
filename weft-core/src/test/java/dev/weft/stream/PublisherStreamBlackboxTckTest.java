package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/**
 * The Reactive Streams TCK ({@code SubscriberBlackboxVerification}) on the subscriber inside
 * {@link Streams#fromPublisher}. The TCK subscribes it to its own publisher; a trigger polls the
 * stream once, as a consumer would (the first batch is requested at {@code onSubscribe}).
 * The TCK itself skips its {@code untested_*} rules.
 */
public class PublisherStreamBlackboxTckTest extends FlowSubscriberBlackboxVerification<Integer> {
  private PublisherStream<Integer> stream;

  public PublisherStreamBlackboxTckTest() {
    super(StreamPublisherTckTest.environment());
  }

  @Override
  public Flow.Subscriber<Integer> createFlowSubscriber() {
    // The TCK subscribes the subscriber itself, so the stream's own publisher does nothing.
    stream = new PublisherStream<>(s -> { }, 8);
    return stream.subscriber();
  }

  @Override
  public void triggerFlowRequest(Flow.Subscriber<? super Integer> subscriber) {
    stream.pollNext(Context.of(Waker.noop()));
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
