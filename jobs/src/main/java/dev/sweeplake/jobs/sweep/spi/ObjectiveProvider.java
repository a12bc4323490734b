package dev.sweeplake.jobs.sweep.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * Makes one kind of {@link Objective} from a sweep file's {@code benchmark.options}. A workload registers one by listing
 * its provider class in {@code META-INF/services/dev.sweeplake.jobs.sweep.spi.ObjectiveProvider} (the shaded jar merges
 * those files), so the sweep engine finds objectives by name without naming any workload. Implementations are public,
 * have a public no-argument constructor and are thread-safe.
 */
public interface ObjectiveProvider {
    /** The name a sweep file gives in {@code benchmark.objective}. */
    String name();

    /**
     * Binds and validates the options (throwing {@code ConfigException} with the key path {@code benchmark.options...})
     * and returns a ready objective; {@code options} may be null.
     */
    Objective create(JsonNode options);

    /** A provider from a name and a constructor taking the options: {@code super("ann", AnnObjective::new)}. */
    abstract class Named implements ObjectiveProvider {
        private final String name;
        private final Function<JsonNode, Objective> factory;

        protected Named(String name, Function<JsonNode, Objective> factory) {
            this.name = name;
            this.factory = factory;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final Objective create(JsonNode options) {
            return factory.apply(options);
        }
    }
}
