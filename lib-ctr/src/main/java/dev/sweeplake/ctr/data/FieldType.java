package dev.sweeplake.ctr.data;

/** Kind of a raw input field. */
public enum FieldType {
    /** One string value per row (ids, codes, anything discrete). */
    CATEGORICAL,
    /** One double per row; NaN marks a missing value. */
    NUMERIC,
    /** A bag of string values per row (e.g. genres), possibly empty. */
    MULTI_CATEGORICAL
}
