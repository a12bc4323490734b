package dev.sweeplake.jobs.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of demo sections: every {@link DemoSection} listed in
 * {@code META-INF/services/dev.sweeplake.jobs.demo.DemoSection} (a workload adds its section there; this package names
 * none), in the order of that file, which is the order the demo runs them. Thread-safe.
 */
public final class DemoSections {
    private static final Map<String, ServiceLoader.Provider<DemoSection>> SECTIONS = new LinkedHashMap<>();

    static {
        ServiceLoader.load(DemoSection.class, DemoSections.class.getClassLoader()).stream()
                .forEach(p -> {
                    String name = p.get().name();
                    if (SECTIONS.putIfAbsent(name, p) != null) {
                        throw new IllegalStateException("two demo sections are named '" + name + "' (the second is "
                                + p.type().getName() + ")");
                    }
                });
    }

    private DemoSections() {}

    public static List<String> names() {
        return new ArrayList<>(SECTIONS.keySet());
    }

    /** A new instance of the named section. */
    public static DemoSection create(String name) {
        ServiceLoader.Provider<DemoSection> s = SECTIONS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown demo section '" + name + "', expected one of " + names());
        }
        return s.get();
    }
}
