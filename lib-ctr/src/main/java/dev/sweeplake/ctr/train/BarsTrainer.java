package dev.sweeplake.ctr.train;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.internal.Adam;
import dev.sweeplake.ctr.internal.BatchRows;
import dev.sweeplake.ctr.internal.HeapBytes;
import dev.sweeplake.ctr.internal.Network;
import dev.sweeplake.ctr.metrics.Auc;
import dev.sweeplake.ctr.metrics.LogLoss;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelParams;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model with the BARS protocol (see {@link TrainerParams}): mini-batch Adam over a reshuffled training split
 * each epoch, validation AUC after every epoch, learning-rate decay on a miss, early stop, best epoch restored, then
 * test AUC and log loss.
 *
 * <p>Parallelism: each mini-batch is cut into {@code threads} contiguous chunks; each thread computes its chunk's
 * gradient into its own buffers; the buffers are summed in thread order and Adam updates disjoint parameter slices in
 * parallel. The arithmetic therefore depends only on the seed and the thread count: same inputs, same seed, same
 * thread count give bit-identical results. Under lazy Adam the batch's distinct ids are collected first
 * ({@link BatchRows}) and each thread's embedding-like gradients go to a compact buffer with one row per distinct id
 * ({@link Network#newGradients(int)}), not a vocabulary-sized one.
 *
 * <p>Thread-safety: a trainer holds no state; concurrent {@code train} calls are independent.
 */
public final class BarsTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(BarsTrainer.class);
    /**
     * Rows per forward/backward pass inside a thread's chunk: small enough that a layer's activations stay in cache.
     * Gradients of the sub-chunks add up to the chunk's, so this changes only the summation order (still fixed).
     */
    static final int SUB_CHUNK = Integer.getInteger("sweeplake.ctr.subChunk", 512);

    /**
     * Trains and evaluates one model.
     *
     * @throws IllegalArgumentException if a split is empty, the validation split lacks one class, or the splits were
     *     encoded differently
     */
    public TrainResult train(
            EncodedData train,
            EncodedData valid,
            EncodedData test,
            ModelParams mp,
            TrainerParams tp,
            TrainingListener listener) {
        checkSplit("train", train);
        checkSplit("validation", valid);
        checkSplit("test", test);
        checkSameEncoding("validation", train, valid);
        checkSameEncoding("test", train, test);
        checkBothClasses("validation", valid);
        long wall0 = System.nanoTime();
        CtrModel model = CtrModel.create(mp, train.numFields(), train.numFeatures(), tp.seed());
        Network net = model.network();
        Adam adam = new Adam(net, mp.learningRate(), tp.lazyAdam());
        BatchRows batchRows = tp.lazyAdam() ? new BatchRows(train.numFeatures()) : null;
        int threads = tp.threads();
        int batch = mp.batchSize();
        int chunk = (batch + threads - 1) / threads;
        Network.Workspace[] ws = new Network.Workspace[threads];
        float[][][] grads = new float[threads][][];
        // lazy: one compact row per distinct id of a batch, at most one per id occurrence (more only with bags: grown)
        int slotRows = (int) Math.min(train.numFeatures(), (long) batch * train.numFields());
        for (int t = 0; t < threads; t++) {
            ws[t] = net.newWorkspace(Math.min(chunk, SUB_CHUNK));
            grads[t] = batchRows != null ? net.newGradients(slotRows) : net.newGradients();
        }
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, daemon()) : null;
        try {
            List<EpochMetrics> epochs = new ArrayList<>();
            double best = Double.NEGATIVE_INFINITY; // the monitored value of the best epoch
            double bestAuc = Double.NaN;
            double bestLogLoss = Double.NaN;
            int bestEpoch = 0;
            // a copy of the best epoch's parameters, taken only when a later epoch follows (it may be worse) and
            // reused: a run whose last epoch is its best (every one-epoch run) never holds a second copy
            float[][] bestParams = null;
            int misses = 0;
            long trainNanos = 0;
            long samples = 0;
            int n = train.rows();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int epoch = 1; epoch <= tp.maxEpochs(); epoch++) {
                shuffle(order, new SplittableRandom(mix(tp.seed(), epoch, -1, -1)));
                double lr = adam.learningRate();
                long t0 = System.nanoTime();
                double lossSum = 0;
                int step = 0;
                for (int from = 0; from < n; from += batch, step++) {
                    int to = Math.min(n, from + batch);
                    int b = to - from;
                    if (batchRows != null) {
                        batchRows.collect(train, order, from, to);
                        for (float[][] g : grads) {
                            net.ensureSlotRows(g, batchRows.size());
                        }
                    }
                    lossSum += runStep(net, train, order, from, to, b, ws, grads, batchRows, pool, tp, epoch, step);
                    adam.beginStep();
                    runAdam(adam, grads, pool, threads, batchRows);
                }
                long dt = System.nanoTime() - t0;
                trainNanos += dt;
                samples += n;
                if (epoch == 1) {
                    wall0 += steadyState(listener, model, adam, grads, bestParams);
                    // everything the steps use stays reachable through the listener call (C2 may end a local's
                    // life at its last use otherwise)
                    Reference.reachabilityFence(ws);
                    Reference.reachabilityFence(batchRows);
                    Reference.reachabilityFence(order);
                }
                float[] pv = model.predict(valid, threads);
                double auc = Auc.compute(pv, valid.labels());
                double ll = LogLoss.compute(pv, valid.labels());
                EpochMetrics em = new EpochMetrics(epoch, lossSum / n, auc, ll, lr, dt / 1e9);
                epochs.add(em);
                LOG.debug(
                        "{} epoch {}: valid AUC {} logloss {} lr {}", mp.kind().id(), epoch, auc, ll, lr);
                listener.onEpoch(em);
                double monitored = tp.monitor().value(auc, ll);
                if (monitored < best + tp.minDelta()) {
                    misses++;
                    adam.setLearningRate(Math.max(tp.minLearningRate(), adam.learningRate() * tp.lrDecay()));
                } else {
                    misses = 0;
                    best = monitored;
                    bestAuc = auc;
                    bestLogLoss = ll;
                    bestEpoch = epoch;
                }
                boolean stop = misses >= tp.patience() || listener.shouldStop(em);
                if (bestEpoch == epoch && !stop && epoch < tp.maxEpochs()) {
                    bestParams = model.snapshotInto(bestParams);
                }
                if (stop) {
                    break;
                }
            }
            if (bestEpoch != epochs.size()) {
                model.restore(bestParams);
            }
            net.unpackRows(); // lazy Adam's moments go; the model keeps plain parameters
            float[] pt = model.predict(test, threads);
            double testAuc = bothClasses(test) ? Auc.compute(pt, test.labels()) : Double.NaN;
            double testLl = LogLoss.compute(pt, test.labels());
            double wall = (System.nanoTime() - wall0) / 1e9;
            return new TrainResult(
                    mp,
                    tp,
                    epochs,
                    bestEpoch,
                    bestAuc,
                    bestLogLoss,
                    testAuc,
                    testLl,
                    samples / (trainNanos / 1e9),
                    wall,
                    model);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Calls the listener's steady-state hook; returns the nanoseconds it took (left out of the run's wall time). */
    private static long steadyState(
            TrainingListener listener, CtrModel model, Adam adam, float[][][] grads, float[][] snapshot) {
        long h0 = System.nanoTime();
        listener.afterFirstEpochSteps(new TrainingFootprint(
                model.parameterBytes(), adam.stateBytes(), HeapBytes.of(grads), HeapBytes.of(snapshot)));
        Reference.reachabilityFence(model);
        Reference.reachabilityFence(adam);
        Reference.reachabilityFence(grads);
        Reference.reachabilityFence(snapshot);
        return System.nanoTime() - h0;
    }

    private static double runStep(
            Network net,
            EncodedData train,
            int[] order,
            int from,
            int to,
            int b,
            Network.Workspace[] ws,
            float[][][] grads,
            BatchRows batchRows,
            ExecutorService pool,
            TrainerParams tp,
            int epoch,
            int step) {
        int threads = ws.length;
        int chunk = (b + threads - 1) / threads;
        if (pool == null) {
            return trainChunk(net, train, order, from, to, b, ws[0], grads[0], batchRows, tp, epoch, step, 0);
        }
        List<Future<Double>> fs = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int lo = from + t * chunk;
            int hi = Math.min(to, lo + chunk);
            if (lo >= hi) {
                continue;
            }
            final int tt = t;
            fs.add(pool.submit(
                    () -> trainChunk(net, train, order, lo, hi, b, ws[tt], grads[tt], batchRows, tp, epoch, step, tt)));
        }
        double loss = 0;
        for (Future<Double> f : fs) {
            loss += join(f);
        }
        return loss;
    }

    private static double trainChunk(
            Network net,
            EncodedData train,
            int[] order,
            int lo,
            int hi,
            int batch,
            Network.Workspace ws,
            float[][] grads,
            BatchRows batchRows,
            TrainerParams tp,
            int epoch,
            int step,
            int part) {
        SplittableRandom rng = rng(net, tp, epoch, step, part);
        double loss = 0;
        for (int from = lo; from < hi; from += SUB_CHUNK) {
            loss += net.trainStep(train, order, from, Math.min(hi, from + SUB_CHUNK), batch, ws, grads, batchRows, rng);
        }
        return loss;
    }

    private static SplittableRandom rng(Network net, TrainerParams tp, int epoch, int step, int part) {
        return net.modelParams().dropout() > 0 ? new SplittableRandom(mix(tp.seed(), epoch, step, part)) : null;
    }

    private static void runAdam(Adam adam, float[][][] grads, ExecutorService pool, int threads, BatchRows rows) {
        int[] ids = rows == null ? null : rows.rows();
        int n = rows == null ? 0 : rows.size();
        if (pool == null) {
            adam.step(grads, 0, 1, ids, n);
            return;
        }
        List<Future<Double>> fs = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            final int part = t;
            fs.add(pool.submit(() -> {
                adam.step(grads, part, threads, ids, n);
                return 0.0;
            }));
        }
        for (Future<Double> f : fs) {
            join(f);
        }
    }

    private static double join(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("training step failed: " + c, c);
        }
    }

    private static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "ctr-train");
            t.setDaemon(true);
            return t;
        };
    }

    static long mix(long seed, long a, long b, long c) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ (a + 0x632BE59BD9B4E019L)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (b + 0x85157AF5L)) * 0x94D049BB133111EBL;
        h = (h ^ (c + 0x2545F4914F6CDD1DL)) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void checkSplit(String name, EncodedData d) {
        if (d == null || d.rows() == 0) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "the %s split is empty (0 rows): nothing to train or evaluate", name));
        }
    }

    private static void checkSameEncoding(String name, EncodedData train, EncodedData other) {
        if (train.numFields() != other.numFields() || train.numFeatures() != other.numFeatures()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "the %s split has %d fields / %d features, train has %d / %d: encode all splits with one FeatureProcessor",
                    name,
                    other.numFields(),
                    other.numFeatures(),
                    train.numFields(),
                    train.numFeatures()));
        }
    }

    private static boolean bothClasses(EncodedData d) {
        boolean pos = false;
        boolean neg = false;
        for (float y : d.labels()) {
            pos |= y == 1f;
            neg |= y == 0f;
        }
        return pos && neg;
    }

    private static void checkBothClasses(String name, EncodedData d) {
        if (!bothClasses(d)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "the %s split has only one class (%d rows): validation AUC is undefined",
                    name,
                    d.rows()));
        }
    }
}
