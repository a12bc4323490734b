package dev.sweeplake.jobs.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.util.Versions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code sweeplake version}: the code version and what it was built against. Needs no Spark. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print the sweeplake version and the Spark/Delta/Java versions.")
public final class VersionCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("sweeplake", Versions.code());
        o.put("spark_built", Versions.builtSpark());
        o.put("delta_built", Versions.builtDelta());
        o.put("java", System.getProperty("java.version"));
        if (json) {
            System.out.println(o);
        } else {
            System.out.println(String.join(System.lineSeparator(), new Provider().getVersion()));
        }
        return 0;
    }

    /** Shared with {@code sweeplake --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "sweeplake " + Versions.code(),
                "built against Spark " + Versions.builtSpark() + " (Scala 2.13), Delta Lake " + Versions.builtDelta(),
                "running on Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
