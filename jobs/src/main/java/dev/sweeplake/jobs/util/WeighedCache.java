package dev.sweeplake.jobs.util;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by the total weight of its values (e.g. bytes), with single-flight loading: the
 * first caller of a missing key runs the loader outside any lock, concurrent callers of the same key wait for that one
 * load, callers of other keys are not blocked by it. A failed load is not cached (the next call loads again). A value
 * heavier than the whole capacity is returned and kept alone. Thread-safe.
 *
 * @param <K> key
 * @param <V> value
 */
public final class WeighedCache<K, V> {
    private final long capacity;
    private final ToLongFunction<V> weigher;
    /** Loaded values in access order (eldest first); guarded by {@code this}. */
    private final LinkedHashMap<K, V> values = new LinkedHashMap<>(16, 0.75f, true);
    /** Loads in flight; guarded by {@code this}. */
    private final Map<K, CompletableFuture<V>> loading = new LinkedHashMap<>();

    private long weight;

    public WeighedCache(long capacity, ToLongFunction<V> weigher) {
        if (capacity < 0) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "capacity must be >= 0, actual %d", capacity));
        }
        this.capacity = capacity;
        this.weigher = weigher;
    }

    /** The cached value of {@code key}, loading it (once, whatever the number of concurrent callers) if missing. */
    public V get(K key, Function<? super K, ? extends V> loader) {
        CompletableFuture<V> flight;
        boolean mine = false;
        synchronized (this) {
            V v = values.get(key);
            if (v != null) {
                return v;
            }
            flight = loading.get(key);
            if (flight == null) {
                flight = new CompletableFuture<>();
                loading.put(key, flight);
                mine = true;
            }
        }
        if (!mine) {
            return await(flight);
        }
        V v;
        try {
            v = loader.apply(key);
            if (v == null) {
                throw new IllegalStateException("loader returned null for " + key);
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(key);
            }
            flight.completeExceptionally(e);
            throw e;
        }
        synchronized (this) {
            loading.remove(key);
            values.put(key, v);
            weight += weigher.applyAsLong(v);
            evict(key);
        }
        flight.complete(v);
        return v;
    }

    private static <V> V await(CompletableFuture<V> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a load", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Drops least recently used values until the weight fits, never the value just loaded. Holds the lock. */
    private void evict(K keep) {
        Iterator<Map.Entry<K, V>> it = values.entrySet().iterator();
        while (weight > capacity && it.hasNext()) {
            Map.Entry<K, V> e = it.next();
            if (!e.getKey().equals(keep)) {
                weight -= weigher.applyAsLong(e.getValue());
                it.remove();
            }
        }
    }

    /** Removes the loaded values whose key matches (loads in flight finish and are kept). */
    public synchronized void removeIf(Predicate<? super K> p) {
        List<K> gone = new ArrayList<>();
        for (Map.Entry<K, V> e : values.entrySet()) {
            if (p.test(e.getKey())) {
                gone.add(e.getKey());
                weight -= weigher.applyAsLong(e.getValue());
            }
        }
        gone.forEach(values::remove);
    }

    public synchronized void clear() {
        values.clear();
        weight = 0;
    }

    /** Total weight of the loaded values. */
    public synchronized long weight() {
        return weight;
    }

    /** Keys of the loaded values, least recently used first. */
    public synchronized List<K> keys() {
        return List.copyOf(values.keySet());
    }

    public long capacity() {
        return capacity;
    }
}
