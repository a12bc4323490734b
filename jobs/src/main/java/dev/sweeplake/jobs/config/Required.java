package dev.sweeplake.jobs.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a config record component that has no sensible default: where the record is a command's top-level config,
 * {@link ConfigBinder} reports it as a missing required key when the YAML (and {@code --set}) leave it out, even though
 * the record's {@code defaults()} (used by code and tests) has a value for it. Nested uses of the record (e.g. the
 * {@code build:} section of {@code ann bench}, whose input and output the bench supplies) are not affected.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Required {}
