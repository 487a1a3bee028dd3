package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import java.time.Duration;

/**
 * The Rust text's {@code get_book_and_music}: {@code join!(book_fut, music_fut)}. Both futures
 * make progress at once inside one task, so the pair takes as long as the slower of the two.
 */
final class GetBookAndMusic {
  private GetBookAndMusic() {}

  record Book(String title) {}

  record Music(String title) {}

  static Future<Book> getBook() {
    return async(() -> new Book(Delays.after(Duration.ofMillis(200), "The Rust Programming Language").await()));
  }

  static Future<Music> getMusic() {
    return async(() -> new Music(Delays.after(Duration.ofMillis(300), "Goldberg Variations").await()));
  }

  static Future<Tuple2<Book, Music>> getBookAndMusic() {
    Future<Book> bookFut = getBook();
    Future<Music> musicFut = getMusic();
    return Futures.join(bookFut, musicFut);
  }

  static void run() {
    long start = System.nanoTime();
    Tuple2<Book, Music> both = Futures.blockOn(getBookAndMusic());
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("book:  " + both.first().title());
    System.out.println("music: " + both.second().title());
    System.out.println(ms < 450
        ? "the two waits of 200 ms and 300 ms overlapped (concurrent), as with join!"
        : "took " + ms + " ms: the waits did not overlap");
  }

  public static void main(String[] args) {
    run();
  }
}
