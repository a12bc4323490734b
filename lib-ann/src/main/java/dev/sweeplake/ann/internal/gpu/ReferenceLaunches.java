package dev.sweeplake.ann.internal.gpu;

import static dev.sweeplake.ann.internal.gpu.ReferenceBackend.f;
import static dev.sweeplake.ann.internal.gpu.ReferenceBackend.i;
import static dev.sweeplake.ann.internal.gpu.ReferenceBackend.off;

import dev.sweeplake.ann.internal.Checks;

/**
 * Unpacks kernel arguments for {@link ReferenceKernels} and checks each kernel's launch contract: what the CUDA kernel
 * assumes about its launch shape (grid covers the rows, block size, dynamic shared memory for its buffers). A host-side
 * bug that would make the CUDA kernel read past shared memory thus fails in CI. Stateless; thread-safe.
 */
final class ReferenceLaunches {
    private ReferenceLaunches() {}

    private static int n(Object o) {
        return (Integer) o;
    }

    private static long l(Object o) {
        return (Long) o;
    }

    private static boolean pow2(int s) {
        return s > 0 && (s & (s - 1)) == 0;
    }

    /** Null when the launch meets the kernel's contract, else the violation. */
    static String contract(Kernel kernel, LaunchShape s, Object[] a) {
        int threads = s.threadsPerBlock();
        switch (kernel) {
            case SQ_NORMS:
                return (long) s.gridX() * threads / 32 < n(a[1]) || threads % 32 != 0
                        ? Checks.fmt("needs a warp per row: %d rows, block a multiple of 32", n(a[1]))
                        : null;
            case KMEANS_ARGMIN:
                return (long) s.gridX() * threads / 32 < n(a[1]) || threads % 32 != 0
                        ? Checks.fmt("needs a warp per row: %d rows, block a multiple of 32", n(a[1]))
                        : null;
            case DISTANCE_TILE:
                if (s.blockX() != 16 || s.blockY() != 16 || s.sharedBytes() != 0) {
                    return "needs a 16 x 16 block and no dynamic shared memory";
                }
                return (long) s.gridX() * 128 < n(a[5]) || (long) s.gridY() * 128 < n(a[2])
                        ? Checks.fmt("grid must cover %d x %d outputs in 128 x 128 tiles", n(a[2]), n(a[5]))
                        : null;
            case SELECT_TOPK: {
                int k = n(a[5]);
                int bigS = n(a[6]);
                if (!pow2(bigS) || bigS < k + 1024 || s.sharedBytes() < bigS * 8 || threads > 1024) {
                    return Checks.fmt(
                            "S must be a power of two >= k + 1024 with 8 * S bytes of shared memory, "
                                    + "actual S %d, k %d, shared %d",
                            bigS, k, s.sharedBytes());
                }
                return s.gridX() < n(a[1]) ? Checks.fmt("needs a block per query, %d queries", n(a[1])) : null;
            }
            case IVF_SCAN: {
                int dim = n(a[2]);
                int k = n(a[9]);
                int bigS = n(a[10]);
                if (!pow2(bigS) || bigS < k + 512 || s.sharedBytes() < (dim + 2 * bigS) * 4 || threads % 32 != 0) {
                    return Checks.fmt(
                            "S must be a power of two >= k + 512 with (dim + 2 S) * 4 bytes of shared "
                                    + "memory, actual S %d, k %d, dim %d, shared %d",
                            bigS, k, dim, s.sharedBytes());
                }
                return s.gridX() < n(a[1]) ? Checks.fmt("needs a block per query, %d queries", n(a[1])) : null;
            }
            case CAGRA_PRUNE: {
                int bigK = n(a[2]);
                if (threads < bigK || s.sharedBytes() < 8 * bigK || s.gridX() < n(a[1])) {
                    return Checks.fmt(
                            "needs a block per node, a thread per rank and 8 K bytes of shared memory, "
                                    + "actual K %d, threads %d, shared %d",
                            bigK, threads, s.sharedBytes());
                }
                return null;
            }
            case GRAPH_SEARCH: {
                int dim = n(a[2]);
                int degree = n(a[4]);
                int nseeds = n(a[9]);
                int bigL = n(a[10]);
                int parents = n(a[11]);
                int maxIter = n(a[12]);
                int bigS = n(a[13]);
                int k = n(a[14]);
                long visited = nseeds + (long) maxIter * parents * degree;
                if (!pow2(bigS)
                        || bigS < bigL + Math.max(parents * degree, nseeds)
                        || k > bigL
                        || parents < 1
                        || parents > ReferenceKernels.MAX_PARENTS
                        || visited > ReferenceKernels.HASH_SIZE / 2
                        || s.sharedBytes() < (dim + 2 * bigS + ReferenceKernels.HASH_SIZE) * 4
                        || threads % 32 != 0) {
                    return Checks.fmt(
                            "S must be a power of two >= L + max(parents * degree, seeds), k <= L, parents "
                                    + "in [1, %d], seeds + iterations * parents * degree <= %d, shared (dim + 2 S + %d) * 4 "
                                    + "bytes; actual S %d, L %d, k %d, parents %d, degree %d, seeds %d, iterations %d, "
                                    + "shared %d",
                            ReferenceKernels.MAX_PARENTS,
                            ReferenceKernels.HASH_SIZE / 2,
                            ReferenceKernels.HASH_SIZE,
                            bigS,
                            bigL,
                            k,
                            parents,
                            degree,
                            nseeds,
                            maxIter,
                            s.sharedBytes());
                }
                return s.gridX() < n(a[6]) ? Checks.fmt("needs a block per query, %d queries", n(a[6])) : null;
            }
            default:
                return null;
        }
    }

    static void run(Kernel kernel, Object[] a) {
        switch (kernel) {
            case SQ_NORMS:
                ReferenceKernels.sqNorms(f(a[0]), off(a[0]), n(a[1]), n(a[2]), f(a[3]), off(a[3]));
                break;
            case FILL_TOPK:
                ReferenceKernels.fillTopk(f(a[0]), off(a[0]), i(a[1]), off(a[1]), l(a[2]));
                break;
            case DISTANCE_TILE:
                ReferenceKernels.distanceTile(
                        f(a[0]), off(a[0]), f(a[1]), off(a[1]), n(a[2]), f(a[3]), off(a[3]), f(a[4]), off(a[4]),
                        n(a[5]), n(a[6]), n(a[7]), f(a[8]), off(a[8]), l(a[9]));
                break;
            case SELECT_TOPK:
                ReferenceKernels.selectTopk(
                        f(a[0]), off(a[0]), n(a[1]), n(a[2]), l(a[3]), n(a[4]), n(a[5]), f(a[7]), off(a[7]), i(a[8]),
                        off(a[8]));
                break;
            case KMEANS_ARGMIN:
                ReferenceKernels.kmeansArgmin(
                        f(a[0]), off(a[0]), n(a[1]), n(a[2]), l(a[3]), n(a[4]), i(a[5]), off(a[5]), f(a[6]), off(a[6]));
                break;
            case KMEANS_ACCUMULATE:
                ReferenceKernels.kmeansAccumulate(
                        f(a[0]), off(a[0]), n(a[1]), n(a[2]), i(a[3]), off(a[3]), f(a[4]), off(a[4]), i(a[5]),
                        off(a[5]));
                break;
            case IVF_SCAN:
                ReferenceKernels.ivfScan(
                        f(a[0]),
                        off(a[0]),
                        n(a[1]),
                        n(a[2]),
                        f(a[3]),
                        off(a[3]),
                        i(a[4]),
                        off(a[4]),
                        n(a[5]),
                        i(a[6]),
                        off(a[6]),
                        n(a[7]),
                        n(a[8]),
                        n(a[9]),
                        f(a[11]),
                        off(a[11]),
                        i(a[12]),
                        off(a[12]));
                break;
            case CAGRA_PRUNE:
                ReferenceKernels.cagraPrune(i(a[0]), off(a[0]), n(a[1]), n(a[2]), n(a[3]), i(a[4]), off(a[4]));
                break;
            case GRAPH_SEARCH:
                ReferenceKernels.graphSearch(
                        f(a[0]),
                        off(a[0]),
                        n(a[1]),
                        n(a[2]),
                        i(a[3]),
                        off(a[3]),
                        n(a[4]),
                        f(a[5]),
                        off(a[5]),
                        n(a[6]),
                        n(a[7]),
                        i(a[8]),
                        off(a[8]),
                        n(a[9]),
                        n(a[10]),
                        n(a[11]),
                        n(a[12]),
                        n(a[13]),
                        n(a[14]),
                        f(a[15]),
                        off(a[15]),
                        i(a[16]),
                        off(a[16]));
                break;
            default:
                throw new IllegalStateException("no reference for kernel " + kernel);
        }
    }
}
