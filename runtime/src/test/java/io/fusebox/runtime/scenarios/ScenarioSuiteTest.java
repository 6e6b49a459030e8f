package io.fusebox.runtime.scenarios;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.runtime.cli.FuseboxCommand;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed-loop scenario suite through the command line, as the README runs it: real fusion, real planner,
 * lock-step, every scenario (about a minute on two cores, the parking garage most of it).
 */
class ScenarioSuiteTest
{

    @Test
    void everyScenarioPassesAndTheSummaryHasTheVerdicts(@TempDir final Path temp) throws Exception
    {
        final List<String> args = List.of("scenarios", "--summary-json", temp.resolve("s.json").toString());
        final StringWriter out = new StringWriter();
        final int exit = FuseboxCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .execute(args.toArray(new String[0]));
        System.out.print(out);
        assertEquals(0, exit, out.toString());

        final List<Map<String, Object>> scenarios = readScenarios(temp.resolve("s.json"));
        assertEquals(ScenarioSuite.SPECS.size(), scenarios.size());
        for (final Map<String, Object> scenario : scenarios)
        {
            final String name = (String)scenario.get("name");
            assertEquals("ok", scenario.get("reason"), name);
            assertEquals(Boolean.TRUE, scenario.get("passed"), name);
            assertEquals(0L, ((Number)scenario.get("collisions")).longValue(), name);
            // Null: nothing was ever ahead in the ego's path (the child behind the van crossed well ahead of it).
            final Number minGap = (Number)scenario.get("minGapM");
            assertTrue(null == minGap || minGap.doubleValue() >= JudgeLimits.DEFAULT.minGapM(), name);
            if (!ScenarioSuite.spec(name).mayEmergencyStop())
            {
                assertEquals(0L, ((Number)scenario.get("emergencyStops")).longValue(), name);
            }
            assertTrue(((Number)scenario.get("maxAbsAccelMps2")).doubleValue() <= JudgeLimits.DEFAULT.maxAbsAccelMps2(),
                name);
            if ("sensor-failure".equals(name))
            {
                assertEquals(Boolean.TRUE, scenario.get("degradedDetected"), "fusion marked the failed sensors missing");
            }
        }
    }

    /** The summary's scenarios as maps of their top-level fields (nested objects left out). */
    private static List<Map<String, Object>> readScenarios(final Path file) throws Exception
    {
        final List<Map<String, Object>> scenarios = new ArrayList<>();
        try (JsonParser json = new JsonFactory().createParser(file.toFile()))
        {
            assertEquals(JsonToken.START_OBJECT, json.nextToken());
            assertEquals(JsonToken.FIELD_NAME, json.nextToken());
            assertEquals("scenarios", json.getCurrentName());
            assertEquals(JsonToken.START_ARRAY, json.nextToken());
            while (json.nextToken() == JsonToken.START_OBJECT)
            {
                final Map<String, Object> scenario = new HashMap<>();
                while (json.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String field = json.getCurrentName();
                    final JsonToken value = json.nextToken();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)
                    {
                        json.skipChildren();
                    }
                    else if (value == JsonToken.VALUE_NULL)
                    {
                        scenario.put(field, null);
                    }
                    else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE)
                    {
                        scenario.put(field, json.getBooleanValue());
                    }
                    else
                    {
                        scenario.put(field, value.isNumeric() ? json.getNumberValue() : json.getText());
                    }
                }
                scenarios.add(scenario);
            }
        }
        return scenarios;
    }

    @Test
    void aRunIsReproducibleBitForBit()
    {
        final Rig rig = RigLoader.loadDefault();
        final ScenarioSpec spec = new ScenarioSpec("cut-in", 12, 0, false, false);
        final ScenarioResult first = ClosedLoopScenario.run(rig, spec, 5, JudgeLimits.DEFAULT);
        final ScenarioResult second = ClosedLoopScenario.run(rig, spec, 5, JudgeLimits.DEFAULT);
        assertEquals(first.distanceM(), second.distanceM());
        assertEquals(first.minGapM(), second.minGapM());
        assertEquals(first.maxAbsJerkMps3(), second.maxAbsJerkMps3());
        assertEquals(first.fusion(), second.fusion());
        assertEquals(first.plans(), second.plans());
    }

    @Test
    void aScenarioThatMissesItsGoalFailsAndSaysWhy()
    {
        final Rig rig = RigLoader.loadDefault();
        // 10 s at 25 m/s cannot cover 5 km.
        final ScenarioResult result = ClosedLoopScenario.run(rig, new ScenarioSpec("cut-in", 10, 5000, false, false), 1,
            JudgeLimits.DEFAULT);
        assertFalse(result.passed());
        assertTrue(result.reason().contains("of the 5000 m goal"), result.reason());
    }
}
