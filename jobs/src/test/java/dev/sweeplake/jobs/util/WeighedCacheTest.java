package dev.sweeplake.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shard cache's policy: bounded by weight (LRU), one load per key, loads outside any lock, failures not kept. */
class WeighedCacheTest {

    @Test
    void evictsLeastRecentlyUsedBeyondTheCapacity() {
        WeighedCache<String, byte[]> c = new WeighedCache<>(100, b -> b.length);
        c.get("a", k -> new byte[40]);
        c.get("b", k -> new byte[40]);
        c.get("a", k -> new byte[0]); // a is now the most recently used
        c.get("c", k -> new byte[40]);
        assertEquals(List.of("a", "c"), c.keys());
        assertEquals(80, c.weight());
        c.get("huge", k -> new byte[500]);
        assertEquals(List.of("huge"), c.keys(), "a value above the capacity is kept alone");
        assertEquals(500, c.weight());
    }

    @Test
    void concurrentCallersOfOneKeyShareOneLoadAndOtherKeysAreNotBlocked() throws Exception {
        WeighedCache<String, byte[]> c = new WeighedCache<>(1 << 20, b -> b.length);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch inLoad = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> slow = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(pool.submit(() -> c.get("slow", k -> {
                    loads.incrementAndGet();
                    inLoad.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return new byte[10];
                })));
            }
            assertTrue(inLoad.await(10, TimeUnit.SECONDS));
            // Another key loads while "slow" is still loading: no lock is held during a load.
            assertEquals(3, c.get("other", k -> new byte[3]).length);
            release.countDown();
            byte[] first = slow.get(0).get(10, TimeUnit.SECONDS);
            for (Future<byte[]> f : slow) {
                assertSame(first, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, loads.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadIsNotCached() {
        WeighedCache<String, byte[]> c = new WeighedCache<>(100, b -> b.length);
        assertEquals(
                "boom",
                assertThrows(
                                IllegalStateException.class,
                                () -> c.get("a", k -> {
                                    throw new IllegalStateException("boom");
                                }))
                        .getMessage());
        assertEquals(5, c.get("a", k -> new byte[5]).length);
        c.removeIf(k -> k.equals("a"));
        assertEquals(List.of(), c.keys());
        assertEquals(0, c.weight());
        assertEquals(
                "capacity must be >= 0, actual -1",
                assertThrows(IllegalArgumentException.class, () -> new WeighedCache<String, byte[]>(-1, b -> 1))
                        .getMessage());
    }
}
