package dev.sweeplake.jobs.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of demo sections, in the order the demo runs them. */
public final class DemoSections {
  private static final Map<String, Supplier<DemoSection>> SECTIONS = new LinkedHashMap<>();

  static {
    register("digits-knn", DigitsKnnSection::new);
    register("ann", dev.sweeplake.jobs.ann.AnnDemoSection::new);
    register("sweep", dev.sweeplake.jobs.sweep.SweepDemoSection::new);
    register("ctr", dev.sweeplake.jobs.ctr.CtrDemoSection::new);
    register("reco", dev.sweeplake.jobs.reco.RecoDemoSection::new);
  }

  private DemoSections() {}

  private static void register(String name, Supplier<DemoSection> s) {
    SECTIONS.put(name, s);
  }

  public static List<String> names() {
    return new ArrayList<>(SECTIONS.keySet());
  }

  public static DemoSection create(String name) {
    Supplier<DemoSection> s = SECTIONS.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown demo section '" + name + "', expected one of " + names());
    }
    return s.get();
  }
}
