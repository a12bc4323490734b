package dev.sweeplake.ctr.data;

import java.util.Objects;

/** Train, validation and test tables of one task. */
public record Splits(RawTable train, RawTable valid, RawTable test) {
    public Splits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(test, "test");
    }
}
