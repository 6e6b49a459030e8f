package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RadarModelTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final UnsafeBuffer buffer = TestRigs.buffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RadarScanDecoder scan = new RadarScanDecoder();

    @Test
    void radialVelocityIsTheRelativeVelocityOnTheLineOfSight()
    {
        final Rig rig = TestRigs.clean();
        final ScenarioBuilder builder = TestRigs.straightRoad(10);
        // Oncoming at 15 m/s in the next lane while the ego drives at 10: closing at 25 m/s.
        builder.drive(ActorType.CAR, findLane(builder), 260, 15, 15);
        builder.place(ActorType.BARRIER, 180, -6, 0);
        final RigSimulator simulator = new RigSimulator(rig, builder.build("oncoming", "an oncoming car"), 21, 0);

        final double sigma = TestRigs.sensorNamed(rig, "radar_front_long").radar().velocityStdMps();
        double carSum = 0;
        int carCount = 0;
        int barrierCount = 0;
        while (simulator.nextCaptureTimeNs() < 4 * SECOND_NS)
        {
            final SensorConfig sensor = rig.sensor(simulator.nextSensorIndex());
            simulator.encodeNext(buffer, 0);
            if (sensor.radar() == null || sensor.mount().yaw() != 0)
            {
                continue;
            }
            header.wrap(buffer, 0);
            scan.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final GroundTruth truth = simulator.world().groundTruth();
            final double[] origin = TestRigs.sensorToWorld(sensor.mount(), truth.egoX(), truth.egoY(), truth.egoYaw(), 0, 0, 0);
            for (final RadarScanDecoder.DetectionsDecoder detection : scan.detections())
            {
                final double r = detection.rangeM();
                final double ce = Math.cos(detection.elevationRad());
                final double[] p = TestRigs.sensorToWorld(sensor.mount(), truth.egoX(), truth.egoY(), truth.egoYaw(),
                    r * ce * Math.cos(detection.azimuthRad()), r * ce * Math.sin(detection.azimuthRad()),
                    r * Math.sin(detection.elevationRad()));
                // Angle noise moves a far detection sideways and up or down: allow 4 sigma of it.
                final double tolerance = 0.5 + 4 * r * 2 * sensor.radar().azimuthStdRad();
                int match = -1;
                double nearest = Double.MAX_VALUE;
                for (int i = 0; i < truth.actorCount(); i++)
                {
                    final double d = TestRigs.distanceToBoxSurface(p[0], p[1], p[2], truth.x(i), truth.y(i), truth.yaw(i),
                        truth.length(i), truth.width(i), truth.height(i));
                    if (d < nearest)
                    {
                        nearest = d;
                        match = i;
                    }
                }
                assertTrue(nearest < tolerance, sensor.name() + ": a detection of nothing at " + p[0] + "," + p[1]);
                final double lx = (p[0] - origin[0]) / r;
                final double ly = (p[1] - origin[1]) / r;
                final double expected = (truth.vx(match) - truth.egoVx()) * lx + (truth.vy(match) - truth.egoVy()) * ly;
                assertEquals(expected, detection.radialVelocityMps(), 5 * sigma + 0.1,
                    sensor.name() + " radial velocity of actor " + truth.actorId(match));
                if (truth.objectClass(match) == io.fusebox.sensors.codec.ObjectClass.CAR)
                {
                    carSum += detection.radialVelocityMps();
                    carCount++;
                }
                else
                {
                    // A static object shows the ego's own motion: about -10 m/s straight ahead.
                    assertTrue(detection.radialVelocityMps() < -8, "static barrier at " + detection.radialVelocityMps());
                    barrierCount++;
                }
            }
        }
        assertTrue(carCount > 50 && barrierCount > 20, "detections of the car " + carCount + ", of the barrier " + barrierCount);
        assertEquals(-25.0, carSum / carCount, 0.6, "mean radial velocity of the oncoming car");
    }

    private static Lane findLane(final ScenarioBuilder builder)
    {
        final Scenario probe = builder.build("probe", "");
        return probe.ego().lane().road().lane(2);
    }
}
