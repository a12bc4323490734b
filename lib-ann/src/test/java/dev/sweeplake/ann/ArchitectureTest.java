package dev.sweeplake.ann;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** lib-ann stays pure Java: no Spark, Hadoop, Delta or Scala types; public API does not leak peers. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sweeplake.ann");

    /** JSON goes through jackson-core's streaming API only (no databind). */
    @Test
    void noSparkHadoopDeltaOrScala() {
        noClasses()
                .that()
                .resideInAPackage("dev.sweeplake.ann..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.spark..",
                        "org.apache.hadoop..",
                        "io.delta..",
                        "scala..",
                        "com.fasterxml.jackson.databind..",
                        "com.fasterxml.jackson.dataformat..")
                .check(MAIN);
    }

    @Test
    void benchmarkPeersStayOutOfMainScope() {
        noClasses()
                .that()
                .resideInAPackage("dev.sweeplake.ann..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.spotify.voyager..", "org.apache.lucene..", "com.github.jelmerk..")
                .check(MAIN);
    }

    @Test
    void publicApiDoesNotDependOnTheVectorApiDirectly() {
        // Only the SIMD kernel may touch jdk.incubator.vector, so the rest loads without the module.
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sweeplake.ann.internal.simd..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jdk.incubator.vector..")
                .check(MAIN);
    }

    @Test
    void onlyTheCudaBackendTouchesJcuda() {
        // Everything else runs, and is tested, without the NVIDIA driver.
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.sweeplake.ann.internal.gpu.CudaBackend")
                .and()
                .doNotHaveFullyQualifiedName("dev.sweeplake.ann.internal.gpu.CudaBackend$CudaBuffer")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jcuda..")
                .check(MAIN);
    }
}
