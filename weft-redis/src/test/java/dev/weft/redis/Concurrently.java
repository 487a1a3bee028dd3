package dev.weft.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one body per client on threads of their own, all at once, for the load tests. */
final class Concurrently {
  /** One client's work; {@code id} counts from 0. */
  interface Client {
    void run(int id) throws Exception;
  }

  private Concurrently() {}

  /**
   * Runs {@code body} for every id below {@code clients} and waits for all of them (50 s at
   * most each); the first failure is rethrown, wrapped in an ExecutionException.
   */
  static void run(int clients, Client body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < clients; t++) {
        int id = t;
        all.add(pool.submit(() -> {
          body.run(id);
          return null;
        }));
      }
      for (Future<?> c : all) {
        c.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
