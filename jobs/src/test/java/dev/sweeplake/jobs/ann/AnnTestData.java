package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.data.BundledData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Digits as Parquet tables for the ANN job tests: every 10th row a query, the rest the base. */
final class AnnTestData {
    private AnnTestData() {}

    static VectorMatrix base() {
        return part(false);
    }

    static VectorMatrix queries() {
        return part(true);
    }

    private static VectorMatrix part(boolean queries) {
        float[][] v = BundledData.digits().vectors();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if ((i % 10 == 0) == queries) {
                rows.add(i);
            }
        }
        float[] data = new float[rows.size() * 64];
        long[] ids = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(v[rows.get(i)], 0, data, i * 64, 64);
            ids[i] = rows.get(i);
        }
        return VectorMatrix.of(data, 64, ids);
    }

    static String writeParquet(SparkSession spark, VectorMatrix m, Path dir, String name) {
        String path = dir.resolve(name).toString();
        VectorInput.distribute(spark, m, 0, m.size(), 3)
                .write()
                .mode("overwrite")
                .parquet(path);
        return path;
    }

    static String writeRows(SparkSession spark, List<Row> rows, Path dir, String name) {
        String path = dir.resolve(name).toString();
        spark.createDataFrame(rows, VectorRows.SCHEMA)
                .coalesce(1)
                .write()
                .mode("overwrite")
                .parquet(path);
        return path;
    }

    static AnnBuildConfig buildConfig(String input, String output) {
        return AnnBuildConfig.defaults()
                .withInput(VectorSourceConfig.defaults().withPath(input))
                .withOutput(output)
                .withIndex(IndexSpec.defaults().withNlist(8))
                .withSharding(Sharding.KMEANS, 4);
    }
}
