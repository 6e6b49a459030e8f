package io.fusebox.runtime.fusion.lidar;

import io.fusebox.runtime.fusion.frames.Odometry;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.LidarSpec;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rig's LiDAR at rest over flat ground with upright boxes placed by hand, its sectors ray-cast
 * here and fed to the clusterer as they would come off the bus.
 */
class LidarClustererTest
{
    private static final long SWEEP_NS = 100_000_000L;

    private final Rig rig = RigLoader.loadDefault();
    private final SensorConfig lidar = lidarOf(rig);
    private final LidarSpec spec = lidar.lidar();
    private final Odometry odometry = new Odometry();
    private final LidarClusterer clusterer = new LidarClusterer(lidar, rig.vehicle(), odometry, null, 0.2, 120.0, 1 << 17, 512);
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final LidarSectorDecoder decoder = new LidarSectorDecoder();
    private final List<double[]> boxes = new ArrayList<>();
    private final List<double[]> objects = new ArrayList<>();

    @Test
    void groundAloneMakesNoObject()
    {
        sweeps(2);
        assertEquals(0, objects.size());
        assertTrue(clusterer.groundPoints() > 100_000, "ground points " + clusterer.groundPoints());
    }

    @Test
    void carSeenFromTheSideIsOneBoxAtItsCentre()
    {
        // Broadside at 12 m to the left: both long faces' near one and the ends are in view.
        box(6.0, 12.0, 0.0, 4.6, 1.85, 1.5);
        sweeps(2);
        final double[] car = only(6.0, 12.0);
        assertEquals(6.0, car[0], 0.15);
        assertEquals(12.0, car[1], 0.15);
        assertEquals(4.6, car[3], 0.2);
        assertEquals(1.85, car[4], 0.2);
        assertEquals(0.0, axisDifference(car[2], 0.0), 0.05);
    }

    @Test
    void carSeenFromBehindIsCompletedAwayFromTheSensor()
    {
        // Straight ahead, 25 m: only its rear face shows; the box grows to a car's length beyond it.
        box(27.0, 0.3, 0.0, 4.6, 1.85, 1.5);
        sweeps(2);
        final double[] car = only(27.0, 0.3);
        assertEquals(27.0, car[0], 0.3);
        assertEquals(0.3, car[1], 0.15);
        assertEquals(4.6, car[3], 0.2);
        assertEquals(0.0, axisDifference(car[2], 0.0), 0.1);
    }

    @Test
    void objectAcrossTheSweepSeamIsOneObject()
    {
        // Azimuth 0 is where every sweep starts: half of this car is scanned at its end, half at the next start.
        box(18.0, 0.0, 0.0, 4.6, 1.85, 1.5);
        sweeps(3);
        int near = 0;
        for (final double[] object : objects)
        {
            // The very first sweep starts mid-car: its first half has no end of a previous sweep to join.
            if (object[5] >= 1 && Math.hypot(object[0] - 18.0, object[1]) < 3.0)
            {
                near++;
                assertEquals(0.0, object[1], 0.15, "centred across the seam");
                assertEquals(1.85, object[4], 0.2);
            }
        }
        assertTrue(near >= 2, "one object per sweep, not two halves: " + near);
        assertEquals(0, clusterer.forcedCloses());
    }

    @Test
    void twoPeopleApartAreTwoObjects()
    {
        box(10.0, -3.0, 0.0, 0.5, 0.6, 1.75);
        box(10.0, -6.0, 0.0, 0.5, 0.6, 1.75);
        sweeps(2);
        final double[] first = only(10.0, -3.0);
        final double[] second = only(10.0, -6.0);
        assertEquals(10.0, first[0], 0.3);
        assertEquals(-6.0, second[1], 0.3);
    }

    @Test
    void aRowOfParkedCarsIsNotMergedWithTheWallBehindIt()
    {
        // A garage's bays on the right: cars nose-in across the row, 0.7 m apart, a 3 m wall 0.8 m behind their backs.
        // The rings that pass over the roofs land on the wall at the roofs' height, a step the neighbour distance joins.
        final double[] carX = { 2.0, 4.6, 7.2, 9.8 };
        for (final double x : carX)
        {
            box(x, -4.1, 0.5 * Math.PI, 4.6, 1.9, 1.5);
        }
        box(6.0, -7.35, 0.0, 14.0, 0.3, 3.0);
        sweeps(2);
        for (final double[] object : objects)
        {
            assertTrue(Math.max(object[3], object[4]) < 6.0,
                "a car, not the row and the wall: " + object[3] + " x " + object[4] + " at " + object[0] + ", " + object[1]);
            assertTrue(object[1] > -6.6, "the wall is no object: at " + object[0] + ", " + object[1]);
        }
        for (final double x : carX)
        {
            final double[] car = only(x, -4.1);
            assertEquals(x, car[0], 0.3);
        }
    }

    private double[] only(final double x, final double y)
    {
        double[] found = null;
        int count = 0;
        for (final double[] object : objects)
        {
            if (Math.hypot(object[0] - x, object[1] - y) < 2.5)
            {
                found = object;
                count++;
            }
        }
        assertTrue(count >= 1, "an object near " + x + ", " + y + " among " + objects.size());
        // The same object once per sweep.
        assertTrue(count <= 2, count + " objects near " + x + ", " + y);
        return found;
    }

    private static double axisDifference(final double a, final double b)
    {
        double d = Math.abs(a - b) % Math.PI;
        return Math.min(d, Math.PI - d);
    }

    private void box(final double x, final double y, final double yaw, final double length, final double width, final double height)
    {
        boxes.add(new double[]{ x, y, Math.cos(yaw), Math.sin(yaw), length / 2, width / 2, height });
    }

    private void sweeps(final int count)
    {
        odometry.onVehicleState(0, 0.0, 0.0, 0.0);
        final int sectors = spec.sectors();
        final int steps = spec.stepsPerSector();
        final double stepAngle = 2 * Math.PI / spec.azimuthStepsPerRevolution();
        final double sensorZ = lidar.mount().z();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final LidarSectorEncoder encoder = new LidarSectorEncoder();
        final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        long sequence = 0;
        for (int sweep = 0; sweep < count; sweep++)
        {
            for (int sector = 0; sector < sectors; sector++, sequence++)
            {
                final long timeNs = sweep * SWEEP_NS + sector * SWEEP_NS / sectors;
                encoder.wrapAndApplyHeader(buffer, 0, header);
                encoder.stamp().captureTimeNs(timeNs).sequence(sequence).sensorId(lidar.id());
                encoder.sweepId(sweep).sectorIndex(sector).sectorCount(sectors)
                    .azimuthStartRad((float)(sector * steps * stepAngle)).azimuthEndRad((float)((sector + 1) * steps * stepAngle));
                final int points = countPoints(sector, steps, stepAngle, sensorZ);
                final LidarSectorEncoder.PointsEncoder group = encoder.pointsCount(points);
                for (int j = 0; j < steps; j++)
                {
                    final double azimuth = (sector * steps + j) * stepAngle;
                    final int offsetUs = (int)Math.round(j * (SWEEP_NS / (double)spec.azimuthStepsPerRevolution()) / 1000.0);
                    for (int ring = 0; ring < spec.beams(); ring++)
                    {
                        final double range = cast(azimuth, spec.beamElevationRad(ring), sensorZ);
                        if (range > spec.maxRangeM())
                        {
                            continue;
                        }
                        final double elevation = spec.beamElevationRad(ring);
                        final double horizontal = range * Math.cos(elevation);
                        group.next().x((float)(horizontal * Math.cos(azimuth))).y((float)(horizontal * Math.sin(azimuth)))
                            .z((float)(range * Math.sin(elevation))).intensity((short)50).ring((short)ring).timeOffsetUs(offsetUs);
                    }
                }
                headerDecoder.wrap(buffer, 0);
                decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
                clusterer.onSector(decoder, timeNs);
                for (int i = 0; i < clusterer.objectCount(); i++)
                {
                    clusterer.complete(i, clusterer.objectPriorLength(i), clusterer.objectPriorWidth(i), Double.NaN);
                    objects.add(new double[]{ clusterer.boxX(), clusterer.boxY(), clusterer.boxYaw(), clusterer.boxLength(),
                        clusterer.boxWidth(), sweep });
                }
                clusterer.clearObjects();
            }
        }
    }

    private int countPoints(final int sector, final int steps, final double stepAngle, final double sensorZ)
    {
        int points = 0;
        for (int j = 0; j < steps; j++)
        {
            for (int ring = 0; ring < spec.beams(); ring++)
            {
                points += cast((sector * steps + j) * stepAngle, spec.beamElevationRad(ring), sensorZ) <= spec.maxRangeM() ? 1 : 0;
            }
        }
        return points;
    }

    /**
     * @return range along the beam to the ground or the nearest box, +infinity when nothing is hit.
     */
    private double cast(final double azimuth, final double elevation, final double sensorZ)
    {
        final double dz = Math.sin(elevation);
        final double dh = Math.cos(elevation);
        double best = dz < 0 ? -sensorZ / dz : Double.POSITIVE_INFINITY;
        final double ox = lidar.mount().x();
        final double oy = lidar.mount().y();
        final double ux = Math.cos(azimuth);
        final double uy = Math.sin(azimuth);
        for (final double[] b : boxes)
        {
            // Horizontal slab test in the box's frame, then check the height where the beam enters.
            final double rx = ox - b[0];
            final double ry = oy - b[1];
            final double bx = rx * b[2] + ry * b[3];
            final double by = -rx * b[3] + ry * b[2];
            final double vx = ux * b[2] + uy * b[3];
            final double vy = -ux * b[3] + uy * b[2];
            double near = 0;
            double far = Double.POSITIVE_INFINITY;
            if (Math.abs(vx) < 1e-12)
            {
                if (Math.abs(bx) > b[4])
                {
                    continue;
                }
            }
            else
            {
                final double t1 = (-b[4] - bx) / vx;
                final double t2 = (b[4] - bx) / vx;
                near = Math.max(near, Math.min(t1, t2));
                far = Math.min(far, Math.max(t1, t2));
            }
            if (Math.abs(vy) < 1e-12)
            {
                if (Math.abs(by) > b[5])
                {
                    continue;
                }
            }
            else
            {
                final double t1 = (-b[5] - by) / vy;
                final double t2 = (b[5] - by) / vy;
                near = Math.max(near, Math.min(t1, t2));
                far = Math.min(far, Math.max(t1, t2));
            }
            if (near > far)
            {
                continue;
            }
            // Horizontal distance to the box's faces; the beam may also come down on its top.
            final double zNear = sensorZ + near * dz / dh;
            double hit = Double.POSITIVE_INFINITY;
            if (zNear >= 0 && zNear <= b[6])
            {
                hit = near / dh;
            }
            else if (zNear > b[6] && dz < 0)
            {
                final double top = (b[6] - sensorZ) / dz * dh;
                if (top >= near && top <= far)
                {
                    hit = top / dh;
                }
            }
            best = Math.min(best, hit);
        }
        return best;
    }

    private static SensorConfig lidarOf(final Rig rig)
    {
        for (final SensorConfig sensor : rig.sensors())
        {
            if (sensor.kind() == SensorKind.LIDAR)
            {
                return sensor;
            }
        }
        throw new IllegalStateException("no LiDAR in the rig");
    }
}
