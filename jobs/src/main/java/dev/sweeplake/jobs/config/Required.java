package dev.sweeplake.jobs.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a config record component that has no sensible default: {@link ConfigBinder} reports it as a missing required key
 * when the YAML (and {@code --set}) leave it out, even though the record's {@code defaults()} (used by code and tests)
 * has a value for it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Required {}
