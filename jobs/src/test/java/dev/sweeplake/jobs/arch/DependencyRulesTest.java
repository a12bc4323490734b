package dev.sweeplake.jobs.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Dependencies flow one way: the packages under {@code dev.sweeplake.jobs} form no cycle (the CLI and the composition
 * root sit on top, workloads register through {@code META-INF/services}, the sweep engine and its SPI know no workload);
 * nothing outside a library reaches into its {@code internal} packages.
 */
class DependencyRulesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sweeplake");

    /** The root package {@code dev.sweeplake.jobs} is a slice of its own, beside each first-level package. */
    static final SliceAssignment JOBS_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals("dev.sweeplake.jobs")) {
                return SliceIdentifier.of("(root)");
            }
            if (p.startsWith("dev.sweeplake.jobs.")) {
                return SliceIdentifier.of(
                        p.substring("dev.sweeplake.jobs.".length()).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "dev.sweeplake.jobs and each package under it";
        }
    };

    @Test
    void jobsPackagesIncludingTheRootAreFreeOfCycles() {
        slices().assignedFrom(JOBS_PACKAGES).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theSweepLoopAndItsPortsKnowNoSpark() {
        noClasses()
                .that()
                .haveNameMatching(
                        "dev\\.sweeplake\\.jobs\\.sweep\\.(SweepLoop|SweepUnit|TrialRunner|TrialLedger|Ledger|RungScheduler|.*Sampler|TrialSpec)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.spark..")
                .because("the arm loop runs and is tested with in-memory ports; Spark lives in TrialExecutor and "
                        + "DeltaTrialLedger")
                .check(CLASSES);
    }

    @Test
    void nothingOutsideALibraryTouchesItsInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sweeplake.ann..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sweeplake.ann.internal..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sweeplake.ctr..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sweeplake.ctr.internal..")
                .check(CLASSES);
    }

    @Test
    void gaussianDrawsUseTheJdkNotHandWrittenBoxMuller() {
        // One exception: ZipfFmTask's draws define issue 16's seeded stand-in, on which the committed PyTorch reference
        // (lib-ctr/benchmarks/results/standin-small-fm.jsonl, read by FmStandInTest) was computed; another stream would
        // change the data under that reference.
        noClasses()
                .that()
                .resideInAPackage("dev.sweeplake..")
                .and()
                .doNotHaveFullyQualifiedName("dev.sweeplake.ctr.data.ZipfFmTask")
                .should()
                .callMethod(Math.class, "cos", double.class)
                .because("Gaussian draws use RandomGenerator.nextGaussian(), not a private Box-Muller copy")
                .check(CLASSES);
    }
}
