package dev.sweeplake.ctr.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelKind;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every committed golden feature processor and model of every format version still loads and answers as when it was
 * written (encodings exactly, predictions to float rounding: the dense kernel may sum in another order).
 */
class GoldenCtrFormatsTest {

    private static Path dir(String version) throws URISyntaxException {
        return Path.of(GoldenCtrFormatsTest.class
                        .getResource("/golden-ctr/" + version + "/" + GoldenCtrFiles.EXPECTED)
                        .toURI())
                .getParent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void everyVersionLoadsAndAnswersAsWritten(String version) throws Exception {
        Path d = dir(version);
        FeatureProcessor fp;
        try (InputStream in = Files.newInputStream(d.resolve(GoldenCtrFiles.PROCESSOR))) {
            fp = FeatureProcessor.load(in);
        }
        List<CtrModel> models = new ArrayList<>();
        for (ModelKind k : GoldenCtrFiles.kinds()) {
            try (InputStream in = Files.newInputStream(d.resolve(GoldenCtrFiles.modelFile(k)))) {
                models.add(CtrModel.load(in));
            }
        }
        List<String> expected = Files.readAllLines(d.resolve(GoldenCtrFiles.EXPECTED));
        List<String> actual = GoldenCtrFiles.answers(fp, models);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (e.startsWith("predict ")) {
                String[] ef = e.split(" ");
                String[] af = a.split(" ");
                assertEquals(ef[1] + " " + ef[2], af[1] + " " + af[2]);
                assertEquals(Float.parseFloat(ef[3]), Float.parseFloat(af[3]), 1e-5f, version + ": " + e);
            } else {
                assertEquals(e, a, version);
            }
        }
    }
}
