package io.fusebox.runtime.cli;

import io.fusebox.runtime.scenarios.JudgeLimits;
import io.fusebox.runtime.scenarios.PlanTrace;
import io.fusebox.runtime.scenarios.ScenarioResult;
import io.fusebox.runtime.scenarios.ScenarioSpec;
import io.fusebox.runtime.scenarios.ScenarioSuite;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs the closed-loop scenario suite and judges every scenario; exits 1 when any fails.
 */
@Command(name = "scenarios", mixinStandardHelpOptions = true, sortOptions = false,
    description = { "Drive every scenario closed loop and judge it: no collision (ground-truth footprints), " +
        "minimum gap >= 2 m and time to collision >= 1.5 s to anything ahead in the ego's path, " +
        "|acceleration| <= 3 m/s2 and |jerk| <= 10 m/s3 outside emergency stops, the scenario's goal distance " +
        "reached in time (and standing at the end when parking), failed sensors marked missing by fusion. " +
        "Exits 1 when any scenario fails.",
        "Each scenario runs through the real fusion (FusionEngine, every simulated sensor) and the real planner, " +
        "in lock-step message time: the simulator's messages go through an in-process sequencer into fusion, each " +
        "world model is planned on at once and its trajectory drives the simulated ego from the next world step. " +
        "The same classes the agents run, without the bus: reproducible bit for bit and faster than real time." })
public final class ScenariosCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "run only these (repeatable; default: all)")
    List<String> scenarios;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "write every scenario's verdict as JSON")
    Path summaryJson;

    @Option(names = "--seed", defaultValue = "1", description = "simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rig", paramLabel = "FILE", description = "rig file (default: the built-in Hyperion-8-style rig)")
    Path rigFile;

    @Option(names = "--trace", paramLabel = "FILE", description = "write why the planner did what it did, a line per " +
        "plan, with the tracks and the ground truth behind every emergency stop or refused candidate")
    Path traceFile;

    @Option(names = "--trace-window", paramLabel = "FROM:TO", description = "with --trace, between these seconds of " +
        "scenario time (e.g. 38.5:39.6) list every track and actor within 20 m of the ego at every plan")
    String traceWindow;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final List<ScenarioSpec> specs = new ArrayList<>();
        if (null == scenarios)
        {
            specs.addAll(ScenarioSuite.SPECS);
        }
        else
        {
            for (final String name : scenarios)
            {
                specs.add(ScenarioSuite.spec(name));
            }
        }
        final Rig rig = null == rigFile ? RigLoader.loadDefault() : RigLoader.load(rigFile);
        final JudgeLimits limits = JudgeLimits.DEFAULT;
        out.printf(Locale.ROOT, "%d scenarios closed loop through fusion and the planner, lock-step, seed %d%n",
            specs.size(), seed);
        final List<ScenarioResult> results;
        if (null != traceWindow && null == traceFile)
        {
            throw new ParameterException(spec.commandLine(), "--trace-window needs --trace FILE");
        }
        if (null != traceWindow)
        {
            windowBound(0);
            windowBound(1);
        }
        if (null == traceFile)
        {
            results = ScenarioSuite.run(rig, specs, seed, limits, out, null);
        }
        else
        {
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(traceFile, StandardCharsets.UTF_8)))
            {
                final PlanTrace trace = null == traceWindow ? new PlanTrace(writer, rig) :
                    new PlanTrace(writer, rig, windowBound(0), windowBound(1));
                results = ScenarioSuite.run(rig, specs, seed, limits, out, trace);
            }
            out.printf("plan trace written to %s%n", traceFile);
        }
        final long failed = results.stream().filter((r) -> !r.passed()).count();
        out.printf(Locale.ROOT, "%d of %d scenarios passed%n", results.size() - failed, results.size());
        if (null != summaryJson)
        {
            ScenarioSuite.writeJson(results, summaryJson);
            out.printf("summary written to %s%n", summaryJson);
        }
        return 0 == failed ? 0 : 1;
    }

    private double windowBound(final int which)
    {
        final String[] bounds = traceWindow.split(":", -1);
        try
        {
            if (2 == bounds.length)
            {
                final double value = Double.parseDouble(bounds[which].trim());
                if (Double.isFinite(value))
                {
                    return value;
                }
            }
        }
        catch (final NumberFormatException ignored)
        {
        }
        throw new ParameterException(spec.commandLine(),
            "--trace-window: expected FROM:TO in seconds of scenario time (e.g. 38.5:39.6), got '" + traceWindow + "'");
    }
}
