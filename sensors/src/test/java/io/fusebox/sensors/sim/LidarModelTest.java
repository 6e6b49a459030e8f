package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.rig.MountPose;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LidarModelTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final UnsafeBuffer buffer = TestRigs.buffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LidarSectorDecoder sector = new LidarSectorDecoder();

    /**
     * Calls back with every LiDAR point as a world point, placed with the ego's pose at the point's
     * own firing time ({@code compensate}) or at the sector's capture time.
     */
    private void forEachWorldPoint(
        final RigSimulator simulator, final long untilNs, final boolean compensate, final WorldPointConsumer consumer)
    {
        final Rig rig = simulator.rig();
        while (simulator.nextCaptureTimeNs() < untilNs)
        {
            final SensorConfig sensor = rig.sensor(simulator.nextSensorIndex());
            simulator.encodeNext(buffer, 0);
            if (sensor.lidar() == null)
            {
                continue;
            }
            header.wrap(buffer, 0);
            sector.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final GroundTruth truth = simulator.world().groundTruth();
            final MountPose mount = sensor.mount();
            for (final LidarSectorDecoder.PointsDecoder point : sector.points())
            {
                // Straight road, steady speed, no yaw rate: the ego's pose at the firing is exact.
                final double dt = compensate ? point.timeOffsetUs() * 1e-6 : 0;
                final double egoX = truth.egoX() + truth.egoVx() * dt;
                final double egoY = truth.egoY() + truth.egoVy() * dt;
                final double[] world = TestRigs.sensorToWorld(mount, egoX, egoY, truth.egoYaw(),
                    point.x(), point.y(), point.z());
                consumer.accept(world[0], world[1], world[2], point.ring(), point.intensity(), truth);
            }
        }
    }

    @FunctionalInterface
    interface WorldPointConsumer
    {
        void accept(double x, double y, double z, int ring, int intensity, GroundTruth truth);
    }

    @Test
    void groundReturnsLieOnTheGround()
    {
        final Scenario empty = TestRigs.straightRoad(20).build("empty-road", "nothing but road");
        final RigSimulator noisy = new RigSimulator(RigLoader.loadDefault(), empty, 3, 0);
        final long[] count = new long[1];
        forEachWorldPoint(noisy, SECOND_NS, true, (x, y, z, ring, intensity, truth) ->
        {
            count[0]++;
            assertTrue(Math.abs(z) < 0.1, "ground point at z " + z);
        });
        assertTrue(count[0] > 500_000, "ground points in a sweep's worth: " + count[0]);

        final RigSimulator clean = new RigSimulator(TestRigs.clean(), empty, 3, 0);
        forEachWorldPoint(clean, SECOND_NS / 2, true, (x, y, z, ring, intensity, truth) ->
            assertTrue(Math.abs(z) < 1e-3, "noise-free ground point at z " + z));
    }

    @Test
    void returnsOnBoxesLieOnTheirSurfacesOnceCompensatedForEgoMotion()
    {
        final ScenarioBuilder builder = TestRigs.straightRoad(20);
        builder.place(ActorType.CAR, 160, 4.0, 0.4);
        builder.place(ActorType.BARRIER, 150, -6.0, 0);
        final Scenario scene = builder.build("two-boxes", "a car and a barrier beside the road");
        final double[] car = { 160, 4.0, 0.4, ActorType.CAR.lengthM, ActorType.CAR.widthM, ActorType.CAR.heightM };
        final double[] barrier = { 150, -6.0, 0, ActorType.BARRIER.lengthM, ActorType.BARRIER.widthM, ActorType.BARRIER.heightM };

        final long[] onCar = new long[1];
        final long[] onBarrier = new long[1];
        forEachWorldPoint(new RigSimulator(TestRigs.clean(), scene, 5, 0), 3 * SECOND_NS, true,
            (x, y, z, ring, intensity, truth) ->
            {
                if (z < 0.01)
                {
                    return;
                }
                final double dCar = surface(car, x, y, z);
                final double dBarrier = surface(barrier, x, y, z);
                assertTrue(Math.min(dCar, dBarrier) < 3e-3,
                    "a non-ground point on no box: " + x + "," + y + "," + z + " (" + dCar + ", " + dBarrier + ")");
                onCar[0] += dCar < dBarrier ? 1 : 0;
                onBarrier[0] += dCar < dBarrier ? 0 : 1;
                assertTrue(intensity > 0);
            });
        assertTrue(onCar[0] > 1000 && onBarrier[0] > 300, "points on car " + onCar[0] + ", on barrier " + onBarrier[0]);

        // Placed as if fired at the sector's start, the same points miss the surfaces by up to the
        // distance the ego travels in a sector (20 m/s * 0.78 ms = 1.6 cm): there is motion to compensate.
        final double[] worst = new double[1];
        forEachWorldPoint(new RigSimulator(TestRigs.clean(), scene, 5, 0), 3 * SECOND_NS, false,
            (x, y, z, ring, intensity, truth) ->
            {
                if (z > 0.01)
                {
                    worst[0] = Math.max(worst[0], Math.min(surface(car, x, y, z), surface(barrier, x, y, z)));
                }
            });
        assertTrue(worst[0] > 0.01, "uncompensated error " + worst[0]);
    }

    @Test
    void anObjectFullyBehindAnotherGetsNoPoints()
    {
        final ScenarioBuilder builder = TestRigs.straightRoad(0);
        builder.place(ActorType.TRUCK, 125, -1.85, 0);
        builder.place(ActorType.CAR, 145, -1.85, 0);
        final Scenario scene = builder.build("hidden-car", "a car right behind a truck");
        final double[] truck = { 125, -1.85, 0, ActorType.TRUCK.lengthM, ActorType.TRUCK.widthM, ActorType.TRUCK.heightM };
        final double[] car = { 145, -1.85, 0, ActorType.CAR.lengthM, ActorType.CAR.widthM, ActorType.CAR.heightM };
        final long[] onTruck = new long[1];
        forEachWorldPoint(new RigSimulator(RigLoader.loadDefault(), scene, 8, 0), SECOND_NS, true,
            (x, y, z, ring, intensity, truth) ->
            {
                assertTrue(surface(car, x, y, z) > 0.15, "a point on the hidden car: " + x + "," + y + "," + z);
                onTruck[0] += surface(truck, x, y, z) < 0.1 ? 1 : 0;
            });
        assertTrue(onTruck[0] > 5000, "points on the truck " + onTruck[0]);
    }

    @Test
    void pointsCarryRingsAndFiringOffsetsWithinTheSector()
    {
        final Rig rig = RigLoader.loadDefault();
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName("highway-cruise"), 1, 0);
        final SensorConfig lidar = TestRigs.sensorNamed(rig, "lidar_roof");
        final long sectorNs = lidar.periodNs() / lidar.lidar().sectors();
        int sectors = 0;
        final boolean[] rings = new boolean[lidar.lidar().beams()];
        while (sectors < lidar.lidar().sectors())
        {
            final boolean isLidar = simulator.nextSensorIndex() == lidar.index();
            simulator.encodeNext(buffer, 0);
            if (!isLidar)
            {
                continue;
            }
            sectors++;
            header.wrap(buffer, 0);
            sector.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final double step = 2 * Math.PI / lidar.lidar().azimuthStepsPerRevolution();
            for (final LidarSectorDecoder.PointsDecoder point : sector.points())
            {
                rings[point.ring()] = true;
                assertTrue(point.timeOffsetUs() * 1000L < sectorNs);
                // The point's azimuth is its firing's: step (timeOffset / firing interval) of the sector.
                final double azimuth = Math.atan2(point.y(), point.x());
                final long firing = Math.round(point.timeOffsetUs() * 1000.0 / (lidar.periodNs() / 2048.0));
                final double expected = sector.azimuthStartRad() + firing * step;
                assertEquals(0, Angles.wrap(azimuth - expected), 1e-3, "azimuth of a point");
            }
        }
        int seen = 0;
        for (final boolean ring : rings)
        {
            seen += ring ? 1 : 0;
        }
        assertTrue(seen > 70, "rings with returns: " + seen);
    }

    @Test
    void aTiltedLidarIsRefusedClearly()
    {
        final String yaml = TestRigs.defaultYaml().replace(
            "mount: { x: 1.30, y: 0.00, z: 1.95, rollDeg: 0.0, pitchDeg: 0.0, yawDeg: 0.0 }",
            "mount: { x: 1.30, y: 0.00, z: 1.95, rollDeg: 0.0, pitchDeg: 5.0, yawDeg: 0.0 }");
        final Rig tilted = RigLoader.parse("tilted", yaml);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new RigSimulator(tilted, ScenarioCatalog.byName("parking"), 1, 0));
        assertTrue(error.getMessage().contains("lidar_roof") && error.getMessage().contains("level"), error.getMessage());
    }

    private static double surface(final double[] box, final double x, final double y, final double z)
    {
        return TestRigs.distanceToBoxSurface(x, y, z, box[0], box[1], box[2], box[3], box[4], box[5]);
    }
}
