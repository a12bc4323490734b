package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU placement of the ANN shard tasks ({@code ann build}, {@code ann search}, {@code ann bench}).
 *
 * <p>On a cluster whose executors have GPUs ({@code spark.executor.resource.gpu.amount} > 0), the tasks ask for
 * {@code gpus_per_task} GPUs and their CPUs through a stage-level task {@code ResourceProfile}; each task reads the
 * address Spark assigned it from {@link TaskContext#resources()} and hands it to lib-ann as a {@link DeviceChoice}. Spark
 * gives concurrent tasks distinct addresses (or, with a fraction, at most {@code 1/gpus_per_task} tasks per GPU). In local
 * mode (no resource scheduling) the device comes from the configuration. {@code gpu: required} on a cluster without
 * executor GPUs is refused on the driver before any Spark work; {@code gpu: auto} there runs on the CPU. A task records
 * its device as {@code gpu:<address>} or {@code cpu}.
 *
 * <p>Stateless; the {@link Plan} is immutable and serialisable (it travels to the tasks).
 */
public final class GpuTasks {
    private static final Logger LOG = LoggerFactory.getLogger(GpuTasks.class);
    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";
    /** The device recorded for a task that had no GPU. */
    public static final String CPU = "cpu";

    private GpuTasks() {}

    /**
     * Checks the config keys {@code gpus_per_task} and {@code device} (config records call this in their compact
     * constructors; the binder prefixes the key path).
     */
    public static void checkKeys(GpuMode gpu, double gpusPerTask, int device) {
        if (gpu == null) {
            throw new InvalidValueException("gpu", "expected off, auto or required, got nothing");
        }
        if (!(gpusPerTask == 1.0 || (gpusPerTask > 0 && gpusPerTask <= 0.5))) {
            throw new InvalidValueException(
                    "gpus_per_task",
                    String.format(
                            Locale.ROOT,
                            "expected 1 (a whole GPU per task) or a fraction in (0, 0.5] (tasks sharing a GPU; lib-ann uses one device "
                                    + "per task), got %s",
                            gpusPerTask));
        }
        if (device < 0 || device > 1023) {
            throw new InvalidValueException(
                    "device",
                    String.format(
                            Locale.ROOT,
                            "expected a CUDA device ordinal in [0, 1023] (used in local mode), got %d",
                            device));
        }
    }

    /**
     * Where the tasks of one stage run, decided on the driver.
     *
     * @param mode        off, auto or required
     * @param gpusPerTask GPUs requested per task when {@code request} is set
     * @param device      the configured device ordinal (local mode)
     * @param request     the tasks ask Spark for GPUs (a cluster whose executors have GPUs)
     * @param local       local mode: the device comes from {@code device}
     */
    public record Plan(GpuMode mode, double gpusPerTask, int device, boolean request, boolean local)
            implements Serializable {
        /** CPU only. */
        public static Plan cpu() {
            return new Plan(GpuMode.OFF, 1.0, 0, false, false);
        }

        /** What the tasks asked for, for logs and the JSON result. */
        public String describe() {
            if (mode == GpuMode.OFF) {
                return "gpu off";
            }
            if (local) {
                return String.format(Locale.ROOT, "gpu %s, device %d (local mode)", lower(mode), device);
            }
            return request
                    ? String.format(Locale.ROOT, "gpu %s, %s GPU per task", lower(mode), fmt(gpusPerTask))
                    : String.format(Locale.ROOT, "gpu %s, no executor GPUs (cpu)", lower(mode));
        }
    }

    /** Decides the plan on the driver; refuses {@code gpu: required} where the executors have no GPUs, naming the setting. */
    public static Plan plan(SparkContext sc, GpuMode mode, double gpusPerTask, int device, String what) {
        return plan(sc.master(), sc.getConf(), mode, gpusPerTask, device, what);
    }

    /** {@link #plan(SparkContext, GpuMode, double, int, String)} for a master URL and its configuration. */
    static Plan plan(String master, SparkConf conf, GpuMode mode, double gpusPerTask, int device, String what) {
        checkKeys(mode, gpusPerTask, device);
        if (mode == GpuMode.OFF) {
            return Plan.cpu();
        }
        if (master.startsWith("local")) {
            return new Plan(mode, gpusPerTask, device, false, true);
        }
        double executorGpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
        if (executorGpus <= 0) {
            if (mode == GpuMode.REQUIRED) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: gpu: required needs GPUs on the executors: spark.executor.resource.gpu.amount must be >= 1 with a "
                                + "discovery script (see conf/spark/gpu.yaml), actual %s on master %s",
                        what,
                        conf.get("spark.executor.resource.gpu.amount", "unset"),
                        master));
            }
            LOG.info(
                    "{}: gpu: auto, but the executors have no GPUs (spark.executor.resource.gpu.amount unset); the tasks run "
                            + "on the CPU",
                    what);
            return new Plan(mode, gpusPerTask, device, false, false);
        }
        return new Plan(mode, gpusPerTask, device, true, false);
    }

    /**
     * Asks for {@code cpus} CPUs and the plan's GPUs per task through a stage-level task ResourceProfile where the master
     * supports one (not in local mode); returns {@code rdd} unchanged where nothing is to be asked.
     */
    public static <T> JavaRDD<T> withResources(SparkContext sc, JavaRDD<T> rdd, int cpus, Plan plan, String what) {
        String master = sc.master();
        boolean gpus = plan.request();
        if ((cpus <= 1 && !gpus) || master.startsWith("local")) {
            return rdd;
        }
        TaskResourceRequests req = new TaskResourceRequests().cpus(Math.max(1, cpus));
        if (gpus) {
            req = req.resource(GPU, plan.gpusPerTask());
        }
        try {
            var profile = new ResourceProfileBuilder().require(req).build();
            if (gpus) {
                LOG.info(
                        "{} tasks ask for {} CPUs and {} GPU each (stage-level scheduling, resource profile {})",
                        what,
                        Math.max(1, cpus),
                        fmt(plan.gpusPerTask()),
                        profile.id());
            } else {
                LOG.info(
                        "{} tasks ask for {} CPUs each (stage-level scheduling, resource profile {})",
                        what,
                        cpus,
                        profile.id());
            }
            return rdd.withResources(profile);
        } catch (RuntimeException e) {
            if (gpus && plan.mode() == GpuMode.REQUIRED) {
                throw new IllegalStateException(
                        String.format(
                                Locale.ROOT,
                                "%s: gpu: required, but master %s refused a GPU resource profile: %s",
                                what,
                                master,
                                e.getMessage()),
                        e);
            }
            LOG.warn(
                    "stage-level scheduling not available on {} ({}); {} tasks use spark.task.cpus and "
                            + "spark.task.resource.gpu.amount",
                    master,
                    e.getMessage(),
                    what);
            return rdd;
        }
    }

    /** The device of one task: what it records ({@code gpu:<address>} or {@code cpu}) and what lib-ann gets. */
    public record TaskDevice(String address, DeviceChoice choice) implements Serializable {}

    /**
     * In a task: the GPU address Spark assigned (first of the task's {@code gpu} addresses), else the configured device in
     * local mode, else the CPU. {@code gpu: required} without an address fails the task with the reason.
     */
    public static TaskDevice inTask(Plan plan) {
        if (plan.mode() == GpuMode.OFF) {
            return new TaskDevice(CPU, DeviceChoice.cpu());
        }
        TaskContext tc = TaskContext.get();
        String address = null;
        if (tc != null) {
            Map<String, ResourceInformation> res = tc.resourcesJMap();
            ResourceInformation gpu = res == null ? null : res.get(GPU);
            if (gpu != null && gpu.addresses().length > 0) {
                address = gpu.addresses()[0];
            }
        }
        if (address != null) {
            return new TaskDevice(GPU + ":" + address, new DeviceChoice(plan.mode(), ordinal(address)));
        }
        if (plan.local()) {
            return new TaskDevice(GPU + ":" + plan.device(), new DeviceChoice(plan.mode(), plan.device()));
        }
        if (plan.mode() == GpuMode.REQUIRED) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "gpu: required, but task %s got no GPU address from Spark (TaskContext.resources() has no '%s')",
                    tc == null ? "on the driver" : String.valueOf(tc.taskAttemptId()),
                    GPU));
        }
        return new TaskDevice(CPU, DeviceChoice.cpu());
    }

    /** The CUDA ordinal of a Spark GPU address ("0", "1", ...). */
    static int ordinal(String address) {
        try {
            int o = Integer.parseInt(address.trim());
            if (o >= 0 && o <= 1023) {
                return o;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "GPU address from Spark must be a CUDA device ordinal in [0, 1023] (check the discovery script), actual '%s'",
                address));
    }

    private static String lower(GpuMode m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
