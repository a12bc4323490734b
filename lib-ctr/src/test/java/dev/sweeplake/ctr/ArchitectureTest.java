package dev.sweeplake.ctr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.sweeplake.ctr", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** JSON through jackson-core's streaming API only (no databind: it is a large, reflective dependency). */
    @ArchTest
    static final ArchRule NO_HEAVY_DEPENDENCIES = noClasses()
            .that()
            .resideInAPackage("dev.sweeplake.ctr..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.spark..",
                    "org.apache.hadoop..",
                    "io.delta..",
                    "scala..",
                    "com.fasterxml.jackson.databind..",
                    "com.fasterxml.jackson.dataformat..");

    @ArchTest
    static final ArchRule PUBLIC_API_DOES_NOT_LEAK_BENCH = noClasses()
            .that()
            .resideInAPackage("dev.sweeplake.ctr.internal..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.sweeplake.ctr.bench..");
}
