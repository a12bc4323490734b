package dev.sweeplake.ctr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-written backward passes against central finite differences, for every model kind and both kernels. */
class GradientCheckTest {

    static EncodedData tinyData() {
        // field 0: single ids 0..3; field 1: bags over ids 4..7 with mean weights; field 2: one numeric id 8 with
        // values
        int[] f0 = {0, 1, 2, 3, 1, 0};
        int[] off1 = {0, 2, 3, 6, 7, 8, 10};
        int[] f1 = {4, 5, 6, 4, 5, 7, 6, 7, 4, 6};
        float[] w1 = {0.5f, 0.5f, 1f, 1f / 3, 1f / 3, 1f / 3, 1f, 1f, 0.5f, 0.5f};
        int[] f2 = {8, 8, 8, 8, 8, 8};
        float[] w2 = {0.3f, -1.2f, 0.8f, 0f, 1.5f, -0.4f};
        float[] y = {1, 0, 1, 0, 0, 1};
        return EncodedData.of(
                9, new int[][] {f0, f1, f2}, new int[][] {null, off1, null}, new float[][] {null, w1, w2}, y);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void analyticGradientsMatchFiniteDifferences(ModelKind kind) {
        ModelParams p = ModelParams.defaults(kind)
                .withEmbeddingDim(3)
                .withHiddenUnits(List.of(5, 4))
                .withCrossLayers(2);
        Network net = new Network(p, 3, 9, 11L);
        SplittableRandom r = new SplittableRandom(5);
        for (Network.Tensor t : net.params()) {
            float[] a = t.data();
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian() * 0.5);
            }
        }
        EncodedData data = tinyData();
        int n = data.rows();
        Network.Workspace ws = net.newWorkspace(n);
        float[][] grads = net.newGradients();
        net.trainStep(data, null, 0, n, n, ws, grads, null);
        float[][] scratch = net.newGradients();
        int checked = 0;
        for (int ti = 0; ti < net.params().size(); ti++) {
            float[] a = net.params().get(ti).data();
            for (int c = 0; c < Math.min(12, a.length); c++) {
                int i = a.length <= 12 ? c : r.nextInt(a.length);
                float keep = a[i];
                float eps = 1e-2f;
                a[i] = keep + eps;
                double up = net.trainStep(data, null, 0, n, n, ws, scratch, null);
                a[i] = keep - eps;
                double down = net.trainStep(data, null, 0, n, n, ws, scratch, null);
                a[i] = keep;
                double numeric = (up - down) / (2 * eps) / n;
                double analytic = grads[ti][i];
                assertEquals(
                        numeric,
                        analytic,
                        2e-3 + 3e-2 * Math.abs(numeric),
                        kind + " " + net.params().get(ti).name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked >= 10, "checked " + checked);
    }
}
