package io.fusebox.runtime.scenarios;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fusebox.runtime.drive.SummaryJson;
import io.fusebox.runtime.fusion.evaluation.GroundTruthScore;
import io.fusebox.sensors.rig.Rig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closed-loop scenario suite: every scenario of the catalogue, each with its duration and goal, driven by
 * {@link ClosedLoopScenario} and judged against {@link JudgeLimits#DEFAULT}.
 */
public final class ScenarioSuite
{
    /**
     * The suite's scenarios: duration, the distance the ego must have covered by then, whether it must end standing
     * and whether an emergency stop belongs in it.
     */
    public static final List<ScenarioSpec> SPECS = List.of(
        new ScenarioSpec("highway-cruise", 40, 1000, false, false),
        new ScenarioSpec("cut-in", 30, 600, false, false),
        new ScenarioSpec("stopped-vehicle", 45, 850, false, false),
        new ScenarioSpec("stop-and-go", 60, 250, false, false),
        new ScenarioSpec("pedestrian-crossing", 70, 600, false, false),
        new ScenarioSpec("pedestrian-behind-van", 40, 350, false, true),
        new ScenarioSpec("urban-intersection", 45, 180, false, false),
        new ScenarioSpec("parking", 120, 140, true, false),
        new ScenarioSpec("sensor-failure", 35, 700, false, false));

    public static final long SEED_DEFAULT = 1;

    private ScenarioSuite()
    {
    }

    /**
     * @param name a scenario of the suite.
     * @return its spec.
     * @throws IllegalArgumentException naming the suite's scenarios when it is not one of them.
     */
    public static ScenarioSpec spec(final String name)
    {
        for (final ScenarioSpec spec : SPECS)
        {
            if (spec.name().equals(name))
            {
                return spec;
            }
        }
        final List<String> names = new ArrayList<>();
        SPECS.forEach((spec) -> names.add(spec.name()));
        throw new IllegalArgumentException("no scenario '" + name + "' in the suite; its scenarios: " + names);
    }

    /**
     * Runs the scenarios in order, printing a line per scenario as it ends, and tracing each one's plans to
     * {@code trace} when it is not null.
     */
    public static List<ScenarioResult> run(
        final Rig rig,
        final List<ScenarioSpec> specs,
        final long seed,
        final JudgeLimits limits,
        final PrintWriter out,
        final PlanTrace trace)
    {
        final List<ScenarioResult> results = new ArrayList<>();
        for (final ScenarioSpec spec : specs)
        {
            if (null != trace)
            {
                trace.beginScenario(spec.name());
            }
            final ScenarioResult result = ClosedLoopScenario.run(rig, spec, seed, limits, trace);
            results.add(result);
            print(out, result);
        }
        return results;
    }

    public static void print(final PrintWriter out, final ScenarioResult r)
    {
        final GroundTruthScore fusion = r.fusion();
        out.printf(Locale.ROOT, "%-22s %s  collisions %d, min gap %s, min TTC %s, max |a| %.2f m/s2, " +
                "max |jerk| %.2f m/s3, %.0f m driven, %d emergency stops | fusion MOTA %.3f, pos RMSE %.3f m, " +
                "vel RMSE %.3f m/s | %.1f s wall%s%n",
            r.name(), r.passed() ? "PASS" : "FAIL", r.collisions(), figure(r.minGapM(), "m"), figure(r.minTtcS(), "s"),
            r.maxAbsAccelMps2(), r.maxAbsJerkMps3(), r.distanceM(), r.emergencyStops(), fusion.mota(),
            fusion.positionRmseM(), fusion.velocityRmseMps(), r.wallS(), r.passed() ? "" : " | " + r.reason());
        out.flush();
    }

    private static String figure(final double value, final String unit)
    {
        return Double.isInfinite(value) ? "none" : String.format(Locale.ROOT, "%.2f %s", value, unit);
    }

    /**
     * Writes {@code {"scenarios":[{"name", "passed", "collisions", "minGapM", "minTtcS", "maxAbsAccelMps2",
     * "reason", ...}]}}; a figure with nothing to measure (no one ahead ever closing in) is null.
     */
    public static void writeJson(final List<ScenarioResult> results, final Path file) throws IOException
    {
        SummaryJson.write(file, json ->
        {
            json.writeArrayFieldStart("scenarios");
            for (final ScenarioResult r : results)
            {
                json.writeStartObject();
                json.writeStringField("name", r.name());
                json.writeBooleanField("passed", r.passed());
                json.writeNumberField("collisions", r.collisions());
                number(json, "minGapM", r.minGapM());
                number(json, "minTtcS", r.minTtcS());
                number(json, "maxAbsAccelMps2", r.maxAbsAccelMps2());
                json.writeStringField("reason", r.reason());
                number(json, "maxAbsJerkMps3", r.maxAbsJerkMps3());
                number(json, "distanceM", r.distanceM());
                number(json, "finalSpeedMps", r.finalSpeedMps());
                json.writeNumberField("emergencyStops", r.emergencyStops());
                json.writeNumberField("plans", r.plans());
                json.writeBooleanField("degradedDetected", r.degradedDetected());
                json.writeObjectFieldStart("fusion");
                number(json, "mota", r.fusion().mota());
                number(json, "positionRmseM", r.fusion().positionRmseM());
                number(json, "velocityRmseMps", r.fusion().velocityRmseMps());
                json.writeEndObject();
                number(json, "wallS", r.wallS());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void number(final JsonGenerator json, final String name, final double value) throws IOException
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, Math.round(value * 1000) / 1000.0);
        }
    }
}
