package dev.weft.examples;

import static dev.weft.future.Async.asyncRun;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Receiver;
import dev.weft.sync.Sender;
import java.util.Optional;

/**
 * The Rust text's {@code send_recv}: an mpsc channel of {@code BUFFER_SIZE} 10 whose
 * {@link Receiver} is a stream. The producer sends 1 and 2 and drops its sender; the consumer
 * reads the stream with {@code next()} until it ends, which happens once every sender is gone
 * and the buffer is drained.
 *
 * <pre>{@code
 * async fn send_recv() {
 *     const BUFFER_SIZE: usize = 10;
 *     let (mut tx, mut rx) = mpsc::channel::<i32>(BUFFER_SIZE);
 *     tx.send(1).await.unwrap();
 *     tx.send(2).await.unwrap();
 *     drop(tx);
 *     assert_eq!(Some(1), rx.next().await);
 *     assert_eq!(Some(2), rx.next().await);
 *     assert_eq!(None, rx.next().await);
 * }
 * }</pre>
 *
 * <p>Without a runtime, producer and consumer run concurrently within one task by
 * {@code Futures.join}, under {@code Futures.blockOn}.
 */
final class SendRecv {
  private SendRecv() {}

  static final int BUFFER_SIZE = 10;

  static Future<Void> sendRecv() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(BUFFER_SIZE);
    Sender<Integer> tx = ch.sender();
    Receiver<Integer> rx = ch.receiver();
    Future<Void> producer = asyncRun(() -> {
      tx.send(1).await();
      tx.send(2).await();
      tx.close(); // Rust's drop(tx): the last sender is gone
    });
    Future<Void> consumer = asyncRun(() -> {
      Optional<Integer> item;
      while ((item = rx.next().await()).isPresent()) { // StreamExt::next
        System.out.println("received " + item.get());
      }
      System.out.println("the stream ended: every sender is gone");
    });
    return Futures.join(producer, consumer).map(both -> null);
  }

  static void run() {
    Futures.blockOn(sendRecv());
  }

  public static void main(String[] args) {
    run();
  }
}
