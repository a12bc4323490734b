package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry of objectives by name. Registering one is a one-liner in the static block below (or a call to
 * {@link #register} before the sweep starts):
 *
 * <pre>{@code
 * register("ann", AnnObjective::new);   // a constructor taking the sweep's benchmark.options (a JsonNode, may be null)
 * }</pre>
 *
 * <p>The factory binds and validates the options (throwing {@code ConfigException} with the key path
 * {@code benchmark.options...}) and returns a ready objective. Thread-safe.
 */
public final class Objectives {
  private static final Map<String, Function<JsonNode, Objective>> FACTORIES = new ConcurrentHashMap<>();

  static {
    register("synthetic", SyntheticObjective::new);
    register("mllib-logreg", LogisticRegressionObjective::new);
    register("ctr", dev.sweeplake.jobs.ctr.CtrObjective::new);
    register("ann", dev.sweeplake.jobs.ann.AnnObjective::new);
    register("reco", dev.sweeplake.jobs.reco.RecoObjective::new);
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
