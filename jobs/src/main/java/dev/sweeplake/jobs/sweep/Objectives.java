package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.ObjectiveProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry of objectives by name: every {@link ObjectiveProvider} listed in a
 * {@code META-INF/services/dev.sweeplake.jobs.sweep.spi.ObjectiveProvider} file on the class path (a workload adds a
 * line there; the sweep engine names none), plus any {@link #register}ed before the sweep starts (tests).
 *
 * <p>The factory binds and validates the options (throwing {@code ConfigException} with the key path
 * {@code benchmark.options...}) and returns a ready objective. Thread-safe.
 */
public final class Objectives {
    private static final Map<String, Function<JsonNode, Objective>> FACTORIES = new ConcurrentHashMap<>();

    static {
        for (ObjectiveProvider p : ServiceLoader.load(ObjectiveProvider.class, Objectives.class.getClassLoader())) {
            Function<JsonNode, Objective> previous = FACTORIES.putIfAbsent(p.name(), p::create);
            if (previous != null) {
                throw new IllegalStateException("two objective providers are named '" + p.name() + "' (the second is "
                        + p.getClass().getName() + ")");
            }
        }
    }

    private Objectives() {}

    /** Registers (or replaces) an objective factory. */
    public static void register(String name, Function<JsonNode, Objective> factory) {
        FACTORIES.put(name, factory);
    }

    public static List<String> names() {
        List<String> n = new ArrayList<>(FACTORIES.keySet());
        n.sort(null);
        return n;
    }

    /** Creates the named objective from its options; an unknown name is a {@link ConfigException}. */
    public static Objective create(String name, JsonNode options) {
        Function<JsonNode, Objective> f = FACTORIES.get(name);
        if (f == null) {
            throw new ConfigException("config key 'benchmark.objective': unknown objective '" + name + "' (registered: "
                    + String.join(", ", names()) + ")");
        }
        return f.apply(options);
    }
}
