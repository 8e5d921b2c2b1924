package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  @Test
  void get_makesTheValueOnFirstUseOnly() {
    AtomicInteger made = new AtomicInteger();
    Lazy<Object> lazy = Lazy.of(() -> "client-" + made.incrementAndGet());

    assertEquals(0, made.get());
    Object first = lazy.get();
    Object second = lazy.get();

    assertEquals("client-1", first);
    assertSame(first, second);
    assertEquals(1, made.get());
  }

  @Test
  void get_fromManyThreadsAtOnce_makesOneClient() throws Exception {
    AtomicInteger made = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Lazy<Object> lazy =
        Lazy.of(
            () -> {
              made.incrementAndGet();
              return new Object();
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(
            pool.submit(
                () -> {
                  start.await();
                  return lazy.get();
                }));
      }
      start.countDown();
      for (Future<Object> f : got) {
        assertSame(lazy.get(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, made.get());
  }
}
