package dev.sweeplake.ctr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.features.EncodedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    static final Schema SCHEMA =
            Schema.of("label", FieldSpec.categorical("c"), FieldSpec.numeric("x"), FieldSpec.multiCategorical("tags"));

    @Test
    void csvWithDeclaredSchema(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "x,extra,label,c,tags\n1.5,zz,1,\"a,b\",t1|t2\n,zz,0.0,c,\n");
        RawTable t = CsvTableReader.defaults().read(f, SCHEMA);
        assertEquals(2, t.rows());
        assertArrayEquals(new float[] {1, 0}, t.labels());
        assertArrayEquals(new String[] {"a,b", "c"}, t.categorical("c"));
        assertEquals(1.5, t.numeric("x")[0]);
        assertTrue(Double.isNaN(t.numeric("x")[1]), "empty numeric cell is missing");
        assertArrayEquals(new String[] {"t1", "t2"}, t.multiCategorical("tags")[0]);
        assertEquals(0, t.multiCategorical("tags")[1].length);
    }

    @Test
    void csvBadInput(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "label,c,x\n1,a,2\n");
        MalformedDataException e = assertThrows(
                MalformedDataException.class, () -> CsvTableReader.defaults().read(f, SCHEMA));
        assertEquals(f + ":1: schema field 'tags' is missing from the header [label, c, x]", e.getMessage());
        Files.writeString(f, "label,c,x,tags\n1,a,2,t\n2,a,2,t\n");
        e = assertThrows(
                MalformedDataException.class, () -> CsvTableReader.defaults().read(f, SCHEMA));
        assertEquals(f + ":3: label must be 0 or 1, got 2", e.getMessage());
        Files.writeString(f, "label,c,x,tags\n1,a,abc,t\n");
        e = assertThrows(
                MalformedDataException.class, () -> CsvTableReader.defaults().read(f, SCHEMA));
        assertEquals(f + ":2: numeric field 'x' is not a number: 'abc'", e.getMessage());
        Files.writeString(f, "label,c,x,tags\n1,a,1\n");
        e = assertThrows(
                MalformedDataException.class, () -> CsvTableReader.defaults().read(f, SCHEMA));
        assertEquals(f + ":2: expected 4 columns (as the header), got 3", e.getMessage());
        Files.writeString(f, "label,c,x,tags\n1,\"a,1,t\n");
        e = assertThrows(
                MalformedDataException.class, () -> CsvTableReader.defaults().read(f, SCHEMA));
        assertEquals(f + ":2: unterminated quoted cell", e.getMessage());
    }

    @Test
    void libsvmAndLibffm(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.svm");
        Files.writeString(f, "1 3:0.5 7:1\n-1 2:2\n# comment\n0\n");
        EncodedData d = LibsvmReader.readLibsvm(f, 10);
        assertEquals(3, d.rows());
        assertArrayEquals(new float[] {1, 0, 0}, d.labels());
        assertArrayEquals(new int[] {0, 2, 3, 4}, d.offsets(0));
        assertArrayEquals(new int[] {3, 7, 2, 0}, d.ids(0));
        assertArrayEquals(new float[] {0.5f, 1f, 2f, 0f}, d.weights(0));
        Path g = dir.resolve("a.ffm");
        Files.writeString(g, "1 0:3:1 1:5:0.5 1:6:0.5\n0 1:4:1\n");
        EncodedData e = LibsvmReader.readLibffm(g, 2, 8);
        assertArrayEquals(new int[] {3, 0}, e.ids(0)); // row 2 has no field-0 entry: padding id 0, weight 0
        assertArrayEquals(new float[] {1f, 0f}, e.weights(0));
        assertArrayEquals(new int[] {5, 6, 4}, e.ids(1));
        Files.writeString(f, "1 3:0.5\n1 12:1\n");
        MalformedDataException x = assertThrows(MalformedDataException.class, () -> LibsvmReader.readLibsvm(f, 10));
        assertEquals(f + ":2: feature index must be in [0, 10), got 12", x.getMessage());
        Files.writeString(f, "2 3:0.5\n");
        x = assertThrows(MalformedDataException.class, () -> LibsvmReader.readLibsvm(f, 10));
        assertEquals(f + ":1: label must be 0/1 or -1/+1, got '2'", x.getMessage());
    }

    @Test
    void barsLayoutAndCountCheck(@TempDir Path dir) throws IOException {
        String header = "label,user,item,daytime,weekday,isweekend,homework,cost,weather,country,city\n";
        String row = "1,u1,i1,morning,monday,workday,unknown,free,sunny,US,NYC\n";
        for (String n : new String[] {"train.csv", "valid.csv", "test.csv"}) {
            Files.writeString(dir.resolve(n), header + row + row.replace("1,u1", "0,u2"));
        }
        Splits s = BarsDataset.FRAPPE_X1.load(dir, false);
        assertEquals(2, s.train().rows());
        assertEquals(10, s.train().schema().size());
        assertNull(null);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BarsDataset.FRAPPE_X1.load(dir, true));
        assertEquals(
                "FRAPPE_X1: " + dir.resolve("train.csv") + " has 2 rows, expected 202027 (the published BARS split)",
                e.getMessage());
        assertEquals(39, BarsDataset.CRITEO_X1.schema().size());
        assertEquals(FieldType.NUMERIC, BarsDataset.CRITEO_X1.schema().field(0).type());
        Files.delete(dir.resolve("test.csv"));
        e = assertThrows(IllegalArgumentException.class, () -> BarsDataset.FRAPPE_X1.load(dir, false));
        assertTrue(e.getMessage().contains("expected file"), e.getMessage());
    }
}
