package dev.sweeplake.jobs.reco;

/**
 * The inner-product-to-L2 reduction (Bachrach et al., RecSys 2014): with M the largest item norm, item x becomes
 * {@code [x, sqrt(M^2 - |x|^2)]} and user u becomes {@code [u, 0]}, so {@code |u' - x'|^2 = |u|^2 + M^2 - 2 u.x}: for
 * a fixed user the L2 order of the augmented items is exactly the descending inner-product order. An L2 graph (and
 * L2 k-means routing) then serves maximum-inner-product search. Stateless; thread-safe.
 */
final class MipsTransform {
    private MipsTransform() {}

    /** Row-major {@code n x d} items to {@code n x (d + 1)} with the norm-completing last component. */
    static float[] items(float[] x, int d) {
        int n = x.length / d;
        double[] norm2 = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                s += v * v;
            }
            norm2[i] = s;
            max = Math.max(max, s);
        }
        float[] out = new float[n * (d + 1)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, out, i * (d + 1), d);
            out[i * (d + 1) + d] = (float) Math.sqrt(Math.max(0, max - norm2[i]));
        }
        return out;
    }

    /** Row-major {@code n x d} users to {@code n x (d + 1)} with a zero last component. */
    static float[] queries(float[] u, int d) {
        int n = u.length / d;
        float[] out = new float[n * (d + 1)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(u, i * d, out, i * (d + 1), d);
        }
        return out;
    }
}
