package dev.sweeplake.jobs.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows only point down: jobs -> libraries; the libraries never reach Spark, Hadoop, Delta, Scala or jobs. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sweeplake");

    @Test
    void librariesStayPureJava() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.sweeplake.ann..", "dev.sweeplake.ctr..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.spark..", "org.apache.hadoop..", "io.delta..", "scala..", "dev.sweeplake.jobs..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void librariesDoNotDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("dev.sweeplake.ann..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sweeplake.ctr..")
                .allowEmptyShould(true)
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("dev.sweeplake.ctr..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sweeplake.ann..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
