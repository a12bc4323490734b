package dev.sweeplake.ann.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a few CPU-bound tasks in parallel: the first on the caller, the rest on short-lived daemon threads. */
public final class Parallel {
    private Parallel() {}

    /** Runs all tasks and rethrows the first failure. */
    public static void runAll(Runnable[] tasks) {
        if (tasks.length == 1) {
            tasks[0].run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length - 1, r -> {
            Thread t = new Thread(r, "lib-ann-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 1; i < tasks.length; i++) {
                futures.add(pool.submit(tasks[i]));
            }
            tasks[0].run();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
