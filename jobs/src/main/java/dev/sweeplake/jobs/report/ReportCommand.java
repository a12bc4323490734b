package dev.sweeplake.jobs.report;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.NoConfig;
import dev.sweeplake.jobs.command.NoConfigCommand;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sweeplake report [--run ID | --study ID | --since DATE] --out report.html}. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write one self-contained HTML report (no network; plots inline as SVG) from the Delta tables: runs,",
            "ANN recall/queries-per-second Pareto fronts, latency and build figures, leaderboards with test-seed mean +- std,",
            "sweep best-so-far against trials and compute, cost growth. Reads the warehouse, writes only --out."
        })
public final class ReportCommand extends NoConfigCommand {
    /** At most one of the scope options. */
    static final class Scope {
        @Option(names = "--run", paramLabel = "RUN_ID", description = "Only this run's trials.")
        String run;

        @Option(
                names = "--study",
                paramLabel = "STUDY_ID",
                description = "Only this study and the studies below it (a sweep id covers its arms and test phase).")
        String study;

        @Option(
                names = "--since",
                paramLabel = "DATE",
                description = "Only runs started since yyyy-MM-dd (UTC) or an instant.")
        String since;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Scope scope;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.html",
            description = "The HTML file to write (a local path or any Hadoop path).")
    String out;

    ReportScope scope() {
        if (scope == null) {
            return ReportScope.all();
        }
        if (scope.run != null) {
            return ReportScope.run(scope.run);
        }
        if (scope.study != null) {
            return ReportScope.study(scope.study);
        }
        return ReportScope.since(scope.since);
    }

    @Override
    protected void precheck(NoConfig config) {
        scope();
        ReportJob.precheck(out);
    }

    @Override
    protected JobResult run(JobContext ctx, NoConfig config) {
        return ReportJob.run(ctx, scope(), out);
    }

    @Override
    protected String appName() {
        return "report";
    }
}
