package dev.sweeplake.jobs.ctr;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code sweeplake ctr micro ARGS...}: runs lib-ctr's pure-Java benchmark ({@value #MAIN}) in this JVM, no Spark, with the
 * arguments passed through (e.g. {@code --data-dir ../shared/data --models lr,fm --threads 1 --json}).
 */
@Command(
        name = "micro",
        mixinStandardHelpOptions = true,
        description = {
            "Run lib-ctr's single-JVM benchmark (dev.sweeplake.ctr.bench.CtrMicroBench) without Spark; every",
            "argument is passed through, e.g. --data-dir ../shared/data --models lr,fm,deepfm,dcnv2 --threads 1 --json."
        })
public final class CtrMicroCommand implements Callable<Integer> {
    static final String MAIN = "dev.sweeplake.ctr.bench.CtrMicroBench";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        invoke(MAIN, args.toArray(new String[0]));
        return 0;
    }

    /** Calls {@code className.main(args)}; a missing class or method is an {@link IllegalStateException} saying so. */
    static void invoke(String className, String[] args) {
        Method main;
        try {
            main = Class.forName(className).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException(
                    "ctr micro needs " + className + ".main(String[]) from lib-ctr on the classpath, "
                            + "but it is absent (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(className + " failed: " + c, c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + className + ".main: " + e.getMessage(), e);
        }
    }
}
