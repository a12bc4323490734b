package dev.sweeplake.jobs.ann;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.store.MetricValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code ann bench}: an engine and search setting with its figures. The JSON keys are the interface for
 * scripts (issue 4); {@code params} and {@code extra} add the setting and secondary figures; {@code device} is the search
 * tasks' distinct devices ({@code gpu:<address>} or {@code cpu}, see {@link GpuTasks}) and {@code builtOn} where lib-ann
 * built the shards ({@code cpu} or the GPU's name). Immutable.
 */
public record BenchRow(
        String engine,
        int shards,
        String sharding,
        int nprobe,
        long queries,
        int k,
        double recall,
        double qps,
        double qpsPerCore,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double buildS,
        long bytes,
        Map<String, Object> params,
        Map<String, Double> extra,
        String device,
        String builtOn) {

    public BenchRow {
        params = new LinkedHashMap<>(params);
        extra = new LinkedHashMap<>(extra);
    }

    /** The trials' {@code executor} column of this row. */
    public String executor() {
        return "spark device=" + device + " built_on=" + builtOn;
    }

    public void toJson(ObjectNode o) {
        o.put("engine", engine);
        o.put("shards", shards);
        o.put("sharding", sharding);
        o.put("nprobe", nprobe);
        o.put("queries", queries);
        o.put("recall_at_" + k, recall);
        o.put("qps", qps);
        o.put("qps_per_core", qpsPerCore);
        o.put("p50_ms", p50Ms);
        o.put("p95_ms", p95Ms);
        o.put("p99_ms", p99Ms);
        o.put("build_s", buildS);
        o.put("bytes", bytes);
        o.put("device", device);
        o.put("built_on", builtOn);
        ObjectNode p = o.putObject("params");
        params.forEach((key, v) -> p.putPOJO(key, v));
        extra.forEach(o::put);
    }

    /** The figures as metric values (the same numbers as the JSON row). */
    public List<MetricValue> metrics() {
        List<MetricValue> m = new ArrayList<>();
        m.add(MetricValue.of("recall_at_" + k, recall));
        m.add(MetricValue.of("qps", qps));
        m.add(MetricValue.of("qps_per_core", qpsPerCore));
        m.add(MetricValue.of("p50_ms", p50Ms));
        m.add(MetricValue.of("p95_ms", p95Ms));
        m.add(MetricValue.of("p99_ms", p99Ms));
        m.add(MetricValue.of("build_s", buildS));
        m.add(MetricValue.of("bytes", bytes));
        m.add(MetricValue.of("queries", queries));
        m.add(MetricValue.of("shards", shards));
        m.add(MetricValue.of("nprobe", nprobe));
        extra.forEach((name, v) -> m.add(MetricValue.of(name, v)));
        return m;
    }
}
