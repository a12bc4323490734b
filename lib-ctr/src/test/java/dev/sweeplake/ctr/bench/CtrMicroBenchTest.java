package dev.sweeplake.ctr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweeplake.ctr.metrics.GroupedAuc;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainerParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Under --json stdout is exactly one valid JSON document; NaN figures are null. */
class CtrMicroBenchTest {

    /** Every scalar as "pointer=text"; fails on anything that is not strict JSON (NaN included). */
    private static List<String> scalars(String json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isScalarValue()) {
                    out.add(p.getParsingContext().pathAsPointer() + "=" + p.getText());
                }
            }
        }
        return out;
    }

    @Test
    void nanUserAucIsNullInTheJson() throws IOException {
        TrainResult r = new TrainResult(
                ModelParams.defaults(ModelKind.LR),
                TrainerParams.defaults(),
                List.of(),
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0.5,
                10.0,
                1.0,
                null);
        String line = CtrMicroBench.jsonLine(
                "movielens-latest-small-ctr",
                1,
                "java",
                List.of(CtrMicroBench.row(r, new GroupedAuc.Result(Double.NaN, 0, 7))));
        List<String> s = scalars(line);
        assertTrue(s.contains("/rows/0/test_user_auc=null"), s.toString());
        assertTrue(s.contains("/rows/0/test_user_auc_groups=0"), s.toString());
        assertTrue(s.contains("/rows/0/test_auc=null"), s.toString());
        assertTrue(s.contains("/rows/0/model=lr"), s.toString());
        assertEquals("/dataset=movielens-latest-small-ctr", s.get(0));
    }

    @Test
    void jsonModePrintsOnlyTheJsonLineOnStdout() throws IOException {
        Path data = Path.of(System.getProperty("sweeplake.shared.data", "../../shared/data"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stdout0 = System.out;
        PrintStream stderr0 = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            CtrMicroBench.main(
                    new String[] {"--data-dir", data.toString(), "--models", "lr", "--max-epochs", "1", "--json"});
        } finally {
            System.setOut(stdout0);
            System.setErr(stderr0);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, stdout.lines().count(), stdout);
        assertTrue(scalars(stdout).contains("/rows/0/model=lr"), stdout);
        String stderr = log.toString(StandardCharsets.UTF_8);
        assertTrue(
                stderr.contains("movielens-latest-small-ctr: train ")
                        && stderr.contains("lr        seed 2019: test AUC"),
                stderr);
    }
}
