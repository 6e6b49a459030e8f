package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioCatalogTest
{
    @Test
    void namesTheRequiredScenarios()
    {
        final List<String> names = ScenarioCatalog.names();
        assertTrue(names.containsAll(List.of(
            "highway-cruise", "cut-in", "pedestrian-crossing", "urban-intersection", "parking",
            "stopped-vehicle", "stop-and-go", "pedestrian-behind-van")), names.toString());
        for (final String name : names)
        {
            final Scenario scenario = ScenarioCatalog.byName(name);
            assertEquals(name, scenario.name());
            assertTrue(!scenario.description().isEmpty());
        }
    }

    @Test
    void anUnknownNameFailsNamingTheKnownOnes()
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> ScenarioCatalog.byName("moon-landing"));
        assertTrue(error.getMessage().contains("moon-landing"), error.getMessage());
        for (final String name : ScenarioCatalog.names())
        {
            assertTrue(error.getMessage().contains(name), error.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ScenarioCatalog.byName(null));
    }

    @Test
    void urbanIntersectionIsBusyWithEveryKindOfActor()
    {
        final Scenario scenario = ScenarioCatalog.byName("urban-intersection");
        assertTrue(scenario.actorCount() >= 50, "actors: " + scenario.actorCount());
        final World world = new World(scenario, RigLoader.loadDefault().vehicle());
        final GroundTruth truth = world.groundTruth();
        final Set<ObjectClass> classes = EnumSet.noneOf(ObjectClass.class);
        for (int i = 0; i < truth.actorCount(); i++)
        {
            classes.add(truth.objectClass(i));
        }
        assertEquals(EnumSet.of(ObjectClass.CAR, ObjectClass.TRUCK, ObjectClass.PEDESTRIAN, ObjectClass.CYCLIST,
            ObjectClass.STATIC_OBSTACLE), classes);
        // Busy around the ego, not just somewhere on the map: most of the drive has dozens within 100 m.
        int busySeconds = 0;
        for (long t = 0; t < 120; t++)
        {
            world.advanceTo(t * 1_000_000_000L);
            int near = 0;
            for (int i = 0; i < truth.actorCount(); i++)
            {
                near += Math.hypot(truth.x(i) - truth.egoX(), truth.y(i) - truth.egoY()) < 100 ? 1 : 0;
            }
            busySeconds += near >= 30 ? 1 : 0;
        }
        assertTrue(busySeconds >= 60, "seconds with 30+ actors within 100 m of the ego: " + busySeconds);
    }

    @Test
    void groundTruthInTheVehicleFrame()
    {
        final World world = new World(ScenarioCatalog.byName("cut-in"), RigLoader.loadDefault().vehicle());
        world.advanceTo(1_005_000_000L);
        final GroundTruth truth = world.groundTruth();
        assertEquals(1_005_000_000L, truth.timeNs());
        // Actor 1 is the lead: in the ego's lane, ahead, at the same speed.
        final int lead = truth.indexOf(1);
        assertEquals(1, truth.actorId(lead));
        assertTrue(truth.vehicleX(lead) > 70 && truth.vehicleX(lead) < 90, "lead ahead: " + truth.vehicleX(lead));
        assertEquals(0, truth.vehicleY(lead), 0.05);
        assertEquals(0, truth.vehicleYaw(lead), 1e-6);
        assertEquals(25, truth.vehicleVx(lead), 0.1);
        assertEquals(0, truth.vehicleVy(lead), 0.05);
        assertEquals(truth.egoSpeed(), Math.hypot(truth.egoVx(), truth.egoVy()), 1e-9);
        // Actor 2 will cut in: alongside to the left, a little ahead after a second at 3 m/s more.
        final int cutIn = truth.indexOf(2);
        assertEquals(HighwayScenarios.LANE_WIDTH_M, truth.vehicleY(cutIn), 0.05);
        assertTrue(truth.vehicleX(cutIn) > 1 && truth.vehicleX(cutIn) < 6, "cut-in car: " + truth.vehicleX(cutIn));
        world.advanceTo(6_000_000_000L);
        assertEquals(0, truth.vehicleY(cutIn), 1.0, "cut in by 6 s");
    }

    @Test
    void aPlannerCanTakeOverTheEgo()
    {
        final World world = new World(ScenarioCatalog.byName("highway-cruise"), RigLoader.loadDefault().vehicle());
        world.egoDriver((w, ego) -> ego.command(-2.0, 0.0));
        world.advanceTo(3_000_000_000L);
        assertEquals(30 - 2.0 * 3, world.ego().speedMps(), 0.05);
        assertEquals(-2.0, world.ego().accelerationMps2(), 1e-9);
    }
}
