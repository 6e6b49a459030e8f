package io.fusebox.runtime.cli;

import io.fusebox.runtime.bench.BenchContext;
import io.fusebox.runtime.bench.BenchReport;
import io.fusebox.runtime.bench.BenchResult;
import io.fusebox.runtime.bench.LatencyBench;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code fusebox bench}: the end-to-end latency harness, at one load or ramping up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Drive the full rig (sensors -> sequencer -> fusion -> planner) at a multiple of the nominal rates " +
        "and measure every stage and end to end from the intended send time, with HdrHistogram. " +
        "Exit status 0 when the (first) load was sustained: end-to-end p99 within the target, nothing lost.")
final class BenchCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = DriveContext.SCENARIO_DEFAULT,
        description = "scenario to drive (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
        description = "measured time of each load step, after its warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
        description = "driven before each step's measurement (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--lock-step-warmup", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
        description = "capture time of the scenario driven closed loop in lock step before the first step, for the " +
            "JIT; 0s for none (default: ${DEFAULT-VALUE})")
    Duration lockStepWarmup;

    @Option(names = "--load", defaultValue = "1.0",
        description = "multiple of the rig's nominal rates; a ramp's first step (default: ${DEFAULT-VALUE})")
    double load;

    @Option(names = "--ramp", description = "double the load (1x, 2x, 4x, ...) until the end-to-end p99 target is " +
        "missed or a message is lost; report the highest multiple sustained")
    boolean ramp;

    @Option(names = "--max-load", defaultValue = "64", description = "a ramp stops here (default: ${DEFAULT-VALUE})")
    double maxLoad;

    @Option(names = "--target-p99", paramLabel = "TIME", defaultValue = "2ms", converter = DurationConverter.class,
        description = "end-to-end p99 a load must keep (default: ${DEFAULT-VALUE})")
    Duration targetP99;

    @Option(names = "--seed", defaultValue = "42", description = "simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rig", paramLabel = "FILE", description = "rig file (default: the built-in rig)")
    Path rigFile;

    @Option(names = "--profile", defaultValue = "${sys:fusebox.profile:-laptop}",
        description = "laptop or thor (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--report", paramLabel = "DIR",
        description = "write HdrHistogram logs, summary.json and an offline HTML report (index.html) to DIR")
    Path reportDirectory;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "write the summary JSON to FILE")
    Path summaryJson;

    @Option(names = "--peer-json", paramLabel = "FILE",
        description = "the JSON bench/peer/pingpong.sh wrote: copied into the summary's peer")
    Path peerJson;

    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final BenchContext context = new BenchContext()
            .rig(null == rigFile ? RigLoader.loadDefault() : RigLoader.load(rigFile))
            .scenario(scenario)
            .seed(seed)
            .durationNs(duration.toNanos())
            .warmupNs(warmup.toNanos())
            .lockStepWarmupNs(lockStepWarmup.toNanos())
            .load(load)
            .ramp(ramp)
            .maxRampLoad(ramp ? maxLoad : load)
            .targetP99Ns(targetP99.toNanos())
            .profile(Profile.fromName(profile))
            .peerSummary(peerJson)
            .conclude();
        out.printf(Locale.ROOT, "bench %s: %s at %.1fx nominal, %.0f s warm-up + %.0f s measured per step%s%n",
            context.scenario(), context.rig().name(), context.load(), context.warmupNs() / 1e9,
            context.durationNs() / 1e9, ramp ? ", ramping" : "");
        out.flush();

        final AtomicBoolean running = new AtomicBoolean(true);
        final BenchResult result;
        try (ShutdownSignalBarrier ignore = new ShutdownSignalBarrier(() -> running.set(false)))
        {
            result = LatencyBench.run(context, out, running::get);
            out.print(result.summaryText());
            if (null != summaryJson)
            {
                result.writeJson(summaryJson);
                out.printf("summary written to %s%n", summaryJson);
            }
            if (null != reportDirectory)
            {
                BenchReport.write(result, reportDirectory);
                out.printf("report written to %s%n", reportDirectory.resolve(BenchReport.PAGE));
            }
            out.flush();
        }
        return result.isSustained() ? 0 : 1;
    }
}
