package io.fusebox.runtime.bench;

import io.fusebox.runtime.drive.Drive;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.runtime.drive.DriveReport;
import io.fusebox.runtime.scenarios.ClosedLoopScenario;
import io.fusebox.runtime.scenarios.JudgeLimits;
import io.fusebox.runtime.scenarios.ScenarioResult;
import io.fusebox.runtime.scenarios.ScenarioSpec;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The end-to-end latency harness: the existing {@link Drive} (rig publisher, sequencer, fusion, and the closed loop's
 * planner) with a {@link StageLatencyProbe} added beside it, at a multiple of the rig's nominal rates. First the scenario
 * runs closed loop in lock step (the same fusion, planner and simulator code, no bus), so the JIT has met the
 * scenario's situations before a late one deoptimises the pipeline inside the window. Each load step warms up, then
 * measures every stage from the intended send time of the newest input concerned. A ramp doubles the load after
 * each sustained step and stops at the first that is not.
 */
public final class LatencyBench
{
    private LatencyBench()
    {
    }

    /**
     * @param context     concluded here if it is not already.
     * @param out         a line per load step.
     * @param keepRunning polled by each drive; false ends the run early (Ctrl-C).
     */
    public static BenchResult run(final BenchContext context, final PrintWriter out, final BooleanSupplier keepRunning)
    {
        context.conclude();
        if (context.lockStepWarmupNs() > 0 && keepRunning.getAsBoolean())
        {
            final ScenarioResult warmup = ClosedLoopScenario.run(context.rig(),
                new ScenarioSpec(context.scenario(), context.lockStepWarmupNs() / 1e9, 0, false, true), context.seed(),
                JudgeLimits.DEFAULT);
            out.printf(Locale.ROOT, "JIT warm-up: %s closed loop in lock step, %.0f s of capture time in %.1f s%n",
                context.scenario(), context.lockStepWarmupNs() / 1e9, warmup.wallS());
            out.flush();
        }
        final List<LoadStep> steps = new ArrayList<>();
        double maxSustainedLoad = 0.0;
        for (double load = context.load(); load <= context.maxRampLoad() && keepRunning.getAsBoolean(); load *= 2)
        {
            final LoadStep step = runStep(context, load, keepRunning);
            steps.add(step);
            final boolean sustained = step.isSustained(context.targetP99Ns());
            out.println(BenchResult.stepLine(step, sustained));
            out.flush();
            if (!sustained)
            {
                break;
            }
            maxSustainedLoad = load;
            if (!context.ramp())
            {
                break;
            }
        }
        return new BenchResult(context, steps, maxSustainedLoad);
    }

    private static LoadStep runStep(final BenchContext context, final double load, final BooleanSupplier keepRunning)
    {
        final StageLatencyProbe[] probe = new StageLatencyProbe[1];
        final DriveContext drive = new DriveContext()
            .rig(context.rig())
            .scenario(context.scenario())
            .seed(context.seed())
            .durationNs(context.warmupNs() + context.durationNs())
            .warmupNs(context.warmupNs())
            .profile(context.profile())
            .recordRoot(null)
            // The drive's report lines would be the only thing allocating while the bench measures.
            .intervalLines(false)
            .load(load)
            .stageProbes((bus, clock, startNs) ->
            {
                // The drive is set up (and the previous step's drive is garbage): collect now, in the drive's start
                // delay, rather than let that garbage set off a young collection inside the measured window.
                System.gc();
                probe[0] = new StageLatencyProbe(
                    bus, clock, startNs + context.warmupNs(), startNs + context.warmupNs() + context.durationNs());
                return new Agent[]{ probe[0].worldModelTap(), probe[0] };
            });

        final DriveReport report;
        try (PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream()))
        {
            report = Drive.run(drive, quiet, keepRunning);
        }

        final StageLatencyProbe stages = probe[0];
        final Histogram[] latencyNs = new Histogram[Stage.values().length];
        latencyNs[Stage.SEQUENCER.ordinal()] = report.steadyLatencyNs();
        for (final Stage stage : new Stage[]{ Stage.FUSION, Stage.PLANNER, Stage.END_TO_END })
        {
            latencyNs[stage.ordinal()] = stages.intervalHistogram(stage, null);
        }
        long bytes = 0;
        for (int i = 0; i < report.sensorCount(); i++)
        {
            bytes += report.sensor(i).bytes();
        }
        final double driveS = report.durationS();
        final double measuredS = Math.max(1e-9, Math.min(context.durationNs() / 1e9, driveS - context.warmupNs() / 1e9));
        final long worldModelGaps = stages.worldModelGaps();
        final long trajectoryGaps = stages.trajectoryGaps();
        final long lost = report.totalDropped() + report.totalGaps() + report.fusionInputSequenceGaps() +
            stages.lateInputs() + worldModelGaps + trajectoryGaps + stages.malformed();
        return new LoadStep(
            load,
            measuredS,
            latencyNs,
            report.fusionInputMessages() / driveS,
            bytes / driveS,
            stages.measuredWorldModels() / measuredS,
            stages.measuredTrajectories() / measuredS,
            lost,
            report.totalDropped(),
            report.totalGaps(),
            report.fusionInputSequenceGaps(),
            stages.lateInputs(),
            worldModelGaps,
            trajectoryGaps,
            stages.controlledStops(),
            stages.heldPastTick(),
            stages.repeatedTrajectories(),
            report.errors(),
            stages.windowActivity());
    }

    static String percentiles(final Histogram histogram)
    {
        return String.format(Locale.ROOT, "p50 %s p99 %s p99.99 %s max %s",
            DriveReport.micros(histogram.getValueAtPercentile(50)),
            DriveReport.micros(histogram.getValueAtPercentile(99)),
            DriveReport.micros(histogram.getValueAtPercentile(99.99)),
            DriveReport.micros(histogram.getMaxValue()));
    }
}
