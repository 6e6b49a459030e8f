package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.VehicleGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class WorldTest
{
    private static final VehicleGeometry GEOMETRY = RigLoader.loadDefault().vehicle();

    static List<String> scenarioNames()
    {
        return ScenarioCatalog.names();
    }

    @ParameterizedTest
    @MethodSource("scenarioNames")
    void nothingDrivesThroughAnythingFor120Seconds(final String name)
    {
        final World world = new World(ScenarioCatalog.byName(name), GEOMETRY);
        final Actor[] actors = world.actors;
        double egoDistance = 0;
        double lastX = world.ego.x;
        double lastY = world.ego.y;
        for (long t = 0; t <= 120_000_000_000L; t += 100_000_000L)
        {
            world.advanceTo(t);
            final EgoVehicle ego = world.ego;
            egoDistance += Math.hypot(ego.x - lastX, ego.y - lastY);
            lastX = ego.x;
            lastY = ego.y;
            for (int i = 0; i < actors.length; i++)
            {
                final Actor a = actors[i];
                if (Footprint.overlaps(a.x, a.y, a.yaw, a.halfLength, a.halfWidth,
                    ego.centreX(), ego.centreY(), ego.yaw, ego.halfLength, ego.halfWidth))
                {
                    fail(name + ": ego hits " + a + " at t=" + t / 1e9 + " s");
                }
                for (int j = i + 1; j < actors.length; j++)
                {
                    final Actor b = actors[j];
                    final boolean involvesDriver = a.isLaneDriven() || b.isLaneDriven();
                    final boolean bothStatic = !a.moving && !b.moving;
                    final boolean bothWalkers = null != a.spec.walk() && null != b.spec.walk();
                    if (bothStatic || (bothWalkers && !involvesDriver))
                    {
                        continue;
                    }
                    if (Footprint.overlaps(a.x, a.y, a.yaw, a.halfLength, a.halfWidth,
                        b.x, b.y, b.yaw, b.halfLength, b.halfWidth))
                    {
                        fail(name + ": " + a + " and " + b + " overlap at t=" + t / 1e9 + " s");
                    }
                }
            }
        }
        System.out.printf("%-22s ego drove %.0f m in 120 s, now %.1f m/s%n", name, egoDistance, world.ego.speed);
        assertTrue(egoDistance > 50, name + ": the ego should get somewhere, drove " + egoDistance + " m");
    }

    @Test
    void worldAdvancesOnlyByMessageTimeInFixedSteps()
    {
        final World world = new World(ScenarioCatalog.byName("highway-cruise"), GEOMETRY);
        world.advanceTo(25_000_000L);
        assertEquals(20_000_000L, world.timeNs());
        assertEquals(25_000_000L, world.groundTruth().timeNs());
        world.advanceTo(30_000_000L);
        assertEquals(30_000_000L, world.timeNs());
    }
}
