package dev.sweeplake.ctr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.TrainerParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Command-line parsing of the benchmark commands: good options and clear errors for bad ones. */
class BenchArgsTest {

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> CtrMicroBench.Options.parse(args))
                .getMessage();
    }

    @Test
    void csvTaskOptionsMapToTheLibraryParameters() {
        CtrMicroBench.Options o = CtrMicroBench.Options.parse(new String[] {
            "--csv",
            "a.csv,b.csv,c.csv",
            "--fields",
            "user:categorical,tags:multi_categorical,age:numeric",
            "--models",
            "fm",
            "--learning-rate",
            "0.01",
            "--hidden-units",
            "8,4",
            "--monitor",
            "auc",
            "--pooling",
            "sum",
            "--numeric",
            "bucketize"
        });
        assertEquals(
                List.of(
                        new FieldSpec("user", FieldType.CATEGORICAL),
                        new FieldSpec("tags", FieldType.MULTI_CATEGORICAL),
                        new FieldSpec("age", FieldType.NUMERIC)),
                o.fields);
        ModelParams mp = o.model.apply(ModelParams.defaults(ModelKind.FM));
        assertEquals(0.01, mp.learningRate());
        assertEquals(List.of(8, 4), mp.hiddenUnits());
        assertEquals(TrainerParams.Monitor.AUC, o.monitor);
        assertTrue(o.features().categoricalDefault().pooling().name().equals("SUM"));
        assertNull(CtrMicroBench.Options.parse(new String[] {"--help"}));
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertTrue(error("--standin", "--bogus", "1").startsWith("unknown argument '--bogus'"));
        assertTrue(error("--standin", "--threads").startsWith("option '--threads' needs a value"));
        assertEquals("--threads must be an integer, got 'two'", error("--standin", "--threads", "two"));
        assertEquals(
                "--fields must be one of categorical|multi_categorical|numeric, got 'text'",
                error("--csv", "a,b,c", "--fields", "x:text"));
        assertTrue(
                error("--csv", "a.csv,b.csv", "--fields", "x:numeric")
                        .startsWith(
                                "--csv needs three files (train,valid,test) and --fields at least one name:type, got 2 files and 1 fields"));
        assertTrue(error("--models", "fm")
                .startsWith("exactly one of --data-dir (MovieLens), --csv, --standin or"
                        + " --write-standin is required, got 0"));
        assertTrue(error("--standin", "--data-dir", "x").contains("got 2"));
        assertEquals(
                "--standin-rows needs train,valid,test row counts, got 2 values",
                error("--standin", "--standin-rows", "10,10"));
        assertEquals("monitor must be one of auc, auc-logloss, got 'loss'", error("--standin", "--monitor", "loss"));
        assertEquals("--delimiter must be one character, got ';;'", error("--standin", "--delimiter", ";;"));
    }

    @Test
    void lazyAdamBenchRefusesBadSizesBeforeAnyWork() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LazyAdamBench.main(new String[] {"--rows", "100", "--batch", "4096"}));
        assertTrue(e.getMessage().contains("rows >= batch (got 100 < 4096)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LazyAdamBench.main(new String[] {"--vocab", "10"}));
        IllegalArgumentException paired = assertThrows(
                IllegalArgumentException.class,
                () -> LazyAdamBench.main(new String[] {"--vocab", "1000,2000,3000", "--paired"}));
        assertEquals(
                "--paired needs exactly two vocabularies (got [1000, 2000, 3000]) and no --dense", paired.getMessage());
    }
}
