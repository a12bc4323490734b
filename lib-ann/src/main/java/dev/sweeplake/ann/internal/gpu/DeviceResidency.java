package dev.sweeplake.ann.internal.gpu;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The device copies of one index's arrays, per backend, uploaded on first use and kept while the index lives (freed
 * by a {@link Cleaner} when the owner becomes unreachable, or by {@link #release()}). Thread-safe.
 */
public final class DeviceResidency {
    private static final Cleaner CLEANER = Cleaner.create();
    private final State state = new State();

    /** The registered owner (the index) keeps this alive; its collection frees the device memory. */
    public DeviceResidency(Object owner) {
        CLEANER.register(owner, state);
    }

    private static final class State implements Runnable {
        private final Map<KernelBackend, Map<String, Object>> held = new IdentityHashMap<>();

        @Override
        public synchronized void run() {
            for (Map.Entry<KernelBackend, Map<String, Object>> e : held.entrySet()) {
                for (Object o : e.getValue().values()) {
                    if (o instanceof DeviceMatrix) {
                        ((DeviceMatrix) o).close();
                    } else {
                        e.getKey().free((DeviceBuffer) o);
                    }
                }
            }
            held.clear();
        }
    }

    /** The resident object under key on the backend, created (under the backend's lock) on first use. */
    @SuppressWarnings("unchecked")
    public <T> T get(KernelBackend be, String key, Function<KernelBackend, T> create) {
        synchronized (state) {
            Map<String, Object> m = state.held.computeIfAbsent(be, b -> new HashMap<>());
            Object o = m.get(key);
            if (o == null) {
                be.lock().lock();
                try {
                    o = create.apply(be);
                } finally {
                    be.lock().unlock();
                }
                m.put(key, o);
            }
            return (T) o;
        }
    }

    /** Frees every device copy now. */
    public void release() {
        state.run();
    }
}
