package dev.sweeplake.ctr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ctr.CtrFormatException;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.ctr.model.ModelKind;
import org.junit.jupiter.api.Test;

/** Every constant has a code that decodes back; unknown codes name what they are. */
class EnumCodesTest {
    @Test
    void everyConstantRoundTrips() {
        for (ModelKind k : ModelKind.values()) {
            assertEquals(k, EnumCodes.modelKind(EnumCodes.code(k)));
        }
        for (FieldType t : FieldType.values()) {
            assertEquals(t, EnumCodes.fieldType(EnumCodes.code(t)));
        }
        for (FieldEncoding.Kind k : FieldEncoding.Kind.values()) {
            assertEquals(k, EnumCodes.encodingKind(EnumCodes.code(k)));
        }
        for (FieldEncoding.Pooling p : FieldEncoding.Pooling.values()) {
            assertEquals(p, EnumCodes.pooling(EnumCodes.code(p)));
        }
        for (FieldEncoding.NanPolicy p : FieldEncoding.NanPolicy.values()) {
            assertEquals(p, EnumCodes.nanPolicy(EnumCodes.code(p)));
        }
    }

    @Test
    void unknownCodesAreNamed() {
        assertEquals(
                "model kind code 99 is unknown (written by a newer lib-ctr?)",
                assertThrows(CtrFormatException.class, () -> EnumCodes.modelKind(99))
                        .getMessage());
        assertEquals(
                "pooling code 'MAX' is unknown (written by a newer lib-ctr?)",
                assertThrows(CtrFormatException.class, () -> EnumCodes.v1Pooling("MAX"))
                        .getMessage());
    }
}
