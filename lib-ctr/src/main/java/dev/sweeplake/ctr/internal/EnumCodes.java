package dev.sweeplake.ctr.internal;

import dev.sweeplake.ctr.CtrFormatException;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.features.FieldEncoding.Kind;
import dev.sweeplake.ctr.features.FieldEncoding.NanPolicy;
import dev.sweeplake.ctr.features.FieldEncoding.Pooling;
import dev.sweeplake.ctr.model.ModelKind;
import java.util.Locale;

/**
 * The codes lib-ctr's binary files store for its enums: one byte each, fixed here (format 2 on), never the ordinal nor
 * {@code Enum.name()}, so renaming or reordering a constant cannot change a file; the switches are exhaustive, so a new
 * constant does not compile until it has a code. Format 1 files stored the constant's name: {@code v1...} decode those
 * names from a fixed table as well. Stateless; thread-safe.
 */
public final class EnumCodes {
    private EnumCodes() {}

    private static CtrFormatException unknown(String what, Object code) {
        return new CtrFormatException(
                String.format(Locale.ROOT, "%s code %s is unknown (written by a newer lib-ctr?)", what, code));
    }

    public static int code(ModelKind k) {
        return switch (k) {
            case LR -> 1;
            case FM -> 2;
            case DEEPFM -> 3;
            case DCNV2 -> 4;
            case WIDE_DEEP -> 5;
        };
    }

    public static ModelKind modelKind(int code) {
        for (ModelKind k : ModelKind.values()) {
            if (code(k) == code) {
                return k;
            }
        }
        throw unknown("model kind", code);
    }

    public static ModelKind v1ModelKind(String name) {
        return switch (name) {
            case "LR" -> ModelKind.LR;
            case "FM" -> ModelKind.FM;
            case "DEEPFM" -> ModelKind.DEEPFM;
            case "DCNV2" -> ModelKind.DCNV2;
            case "WIDE_DEEP" -> ModelKind.WIDE_DEEP;
            default -> throw unknown("model kind", "'" + name + "'");
        };
    }

    public static int code(FieldType t) {
        return switch (t) {
            case CATEGORICAL -> 1;
            case NUMERIC -> 2;
            case MULTI_CATEGORICAL -> 3;
        };
    }

    public static FieldType fieldType(int code) {
        for (FieldType t : FieldType.values()) {
            if (code(t) == code) {
                return t;
            }
        }
        throw unknown("field type", code);
    }

    public static FieldType v1FieldType(String name) {
        return switch (name) {
            case "CATEGORICAL" -> FieldType.CATEGORICAL;
            case "NUMERIC" -> FieldType.NUMERIC;
            case "MULTI_CATEGORICAL" -> FieldType.MULTI_CATEGORICAL;
            default -> throw unknown("field type", "'" + name + "'");
        };
    }

    public static int code(Kind k) {
        return switch (k) {
            case VOCABULARY -> 1;
            case HASHING -> 2;
            case NORMALIZE -> 3;
            case BUCKETIZE -> 4;
        };
    }

    public static Kind encodingKind(int code) {
        for (Kind k : Kind.values()) {
            if (code(k) == code) {
                return k;
            }
        }
        throw unknown("encoding kind", code);
    }

    public static Kind v1EncodingKind(String name) {
        return switch (name) {
            case "VOCABULARY" -> Kind.VOCABULARY;
            case "HASHING" -> Kind.HASHING;
            case "NORMALIZE" -> Kind.NORMALIZE;
            case "BUCKETIZE" -> Kind.BUCKETIZE;
            default -> throw unknown("encoding kind", "'" + name + "'");
        };
    }

    public static int code(Pooling p) {
        return switch (p) {
            case MEAN -> 1;
            case SUM -> 2;
        };
    }

    public static Pooling pooling(int code) {
        for (Pooling p : Pooling.values()) {
            if (code(p) == code) {
                return p;
            }
        }
        throw unknown("pooling", code);
    }

    public static Pooling v1Pooling(String name) {
        return switch (name) {
            case "MEAN" -> Pooling.MEAN;
            case "SUM" -> Pooling.SUM;
            default -> throw unknown("pooling", "'" + name + "'");
        };
    }

    public static int code(NanPolicy p) {
        return switch (p) {
            case FAIL -> 1;
            case IMPUTE -> 2;
        };
    }

    public static NanPolicy nanPolicy(int code) {
        for (NanPolicy p : NanPolicy.values()) {
            if (code(p) == code) {
                return p;
            }
        }
        throw unknown("nan policy", code);
    }

    public static NanPolicy v1NanPolicy(String name) {
        return switch (name) {
            case "FAIL" -> NanPolicy.FAIL;
            case "IMPUTE" -> NanPolicy.IMPUTE;
            default -> throw unknown("nan policy", "'" + name + "'");
        };
    }
}
