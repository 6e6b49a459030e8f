package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.rig.UltrasonicSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UltrasonicModelTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int RAYS = 241;

    private final UnsafeBuffer buffer = TestRigs.buffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UltrasonicEchoDecoder echo = new UltrasonicEchoDecoder();

    @Test
    void inTheParkingGarageEchoesReportTheNearestObstacleWithinNoise()
    {
        final Rig rig = TestRigs.onlyKind("ultrasonic");
        assertEquals(12, rig.sensorCount());
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName("parking"), 17, 0);
        int checked = 0;
        int near = 0;
        int silent = 0;
        while (simulator.nextCaptureTimeNs() < 40 * SECOND_NS)
        {
            final SensorConfig sensor = rig.sensor(simulator.nextSensorIndex());
            simulator.encodeNext(buffer, 0);
            header.wrap(buffer, 0);
            echo.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final UltrasonicSpec spec = sensor.ultrasonic();
            final double expected = sampledNearest(sensor, simulator.world().groundTruth());
            if (expected <= spec.maxRangeM() - 0.05)
            {
                assertEquals(BooleanType.TRUE, echo.hasEcho(), sensor.name() + " missed an obstacle at " + expected);
                assertEquals(expected, echo.distanceM(), 5 * spec.rangeStdM() + 0.03, sensor.name());
                assertTrue(echo.quality() > 0);
                near += expected < 1.5 ? 1 : 0;
            }
            else if (expected > spec.maxRangeM() + 0.05)
            {
                assertEquals(BooleanType.FALSE, echo.hasEcho(), sensor.name() + " echoed from nothing");
                silent++;
            }
            checked++;
        }
        assertTrue(near > 500, "echoes from obstacles within 1.5 m: " + near + " of " + checked);
        assertTrue(silent > 100, "cycles with nothing in range: " + silent);
    }

    /**
     * The nearest surface in the sensor's cone by brute force: a fan of rays against every footprint.
     */
    private static double sampledNearest(final SensorConfig sensor, final GroundTruth truth)
    {
        final double[] origin = TestRigs.sensorToWorld(sensor.mount(), truth.egoX(), truth.egoY(), truth.egoYaw(), 0, 0, 0);
        final double heading = truth.egoYaw() + sensor.mount().yaw();
        final double fov = sensor.ultrasonic().fovRad();
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < truth.actorCount(); i++)
        {
            final double reach = sensor.ultrasonic().maxRangeM() + Math.hypot(truth.length(i), truth.width(i)) / 2 + 0.5;
            if (Math.hypot(truth.x(i) - origin[0], truth.y(i) - origin[1]) > reach)
            {
                continue;
            }
            for (int k = 0; k < RAYS; k++)
            {
                final double angle = heading - fov / 2 + fov * k / (RAYS - 1);
                nearest = Math.min(nearest, rayToRectangle(origin[0], origin[1], Math.cos(angle), Math.sin(angle),
                    truth.x(i), truth.y(i), truth.yaw(i), truth.length(i), truth.width(i)));
            }
        }
        return nearest;
    }

    /**
     * Distance along a ray to the first of a rectangle's four edges it crosses.
     */
    private static double rayToRectangle(
        final double ox, final double oy, final double dx, final double dy,
        final double cx, final double cy, final double yaw, final double length, final double width)
    {
        final double c = Math.cos(yaw);
        final double s = Math.sin(yaw);
        final double[][] corners = new double[4][];
        final double[][] local = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };
        for (int i = 0; i < 4; i++)
        {
            final double l = local[i][0] * length / 2;
            final double w = local[i][1] * width / 2;
            corners[i] = new double[]{ cx + c * l - s * w, cy + s * l + c * w };
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 4; i++)
        {
            final double[] a = corners[i];
            final double[] b = corners[(i + 1) % 4];
            final double ex = b[0] - a[0];
            final double ey = b[1] - a[1];
            final double denominator = dx * ey - dy * ex;
            if (Math.abs(denominator) < 1e-12)
            {
                continue;
            }
            final double t = ((a[0] - ox) * ey - (a[1] - oy) * ex) / denominator;
            final double u = ((a[0] - ox) * dy - (a[1] - oy) * dx) / denominator;
            if (t >= 0 && u >= 0 && u <= 1)
            {
                best = Math.min(best, t);
            }
        }
        return best;
    }
}
