package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;

/**
 * The Reactive Streams TCK ({@code SubscriberWhiteboxVerification}) on the subscriber inside
 * {@link Streams#fromPublisher}: each signal is reported to the TCK's probe on its way in;
 * the puppet's "request n" reads up to n items from the stream (which makes the subscriber ask
 * for more), and its "cancel" cancels the stream. The TCK itself skips its {@code untested_*}
 * rules.
 */
public class PublisherStreamWhiteboxTckTest extends FlowSubscriberWhiteboxVerification<Integer> {

  public PublisherStreamWhiteboxTckTest() {
    super(StreamPublisherTckTest.environment());
  }

  @Override
  protected Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
    PublisherStream<Integer> stream = new PublisherStream<>(s -> { }, 4);
    Flow.Subscriber<Integer> inner = stream.subscriber();
    Context cx = Context.of(Waker.noop());
    return new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        inner.onSubscribe(s);
        probe.registerOnSubscribe(new SubscriberPuppet() {
          @Override
          public void triggerRequest(long elements) {
            for (long i = 0; i < elements; i++) {
              stream.pollNext(cx);
            }
          }

          @Override
          public void signalCancel() {
            stream.cancel();
          }
        });
      }

      @Override
      public void onNext(Integer item) {
        inner.onNext(item);
        probe.registerOnNext(item);
      }

      @Override
      public void onError(Throwable t) {
        inner.onError(t);
        probe.registerOnError(t);
      }

      @Override
      public void onComplete() {
        inner.onComplete();
        probe.registerOnComplete();
      }
    };
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
