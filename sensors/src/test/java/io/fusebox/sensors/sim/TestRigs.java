package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.MountPose;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Rigs and scenes for sensor tests: the default rig as shipped, or with the random extras (false
 * positives, clutter, LiDAR range noise) turned off so that geometry can be checked exactly.
 */
final class TestRigs
{
    private TestRigs()
    {
    }

    static String defaultYaml()
    {
        try (InputStream in = RigLoader.class.getClassLoader().getResourceAsStream(RigLoader.DEFAULT_RIG_RESOURCE))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The default rig without false positives, radar clutter or LiDAR range noise.
     */
    static Rig clean()
    {
        final StringBuilder yaml = new StringBuilder();
        for (final String line : defaultYaml().split("\n", -1))
        {
            String out = line.replace("falsePositivesPerFrame: 0.05", "falsePositivesPerFrame: 0.0")
                .replace("clutterPerScan: 12", "clutterPerScan: 0");
            if (line.contains("beams:"))
            {
                out = out.replace("rangeStdM: 0.02", "rangeStdM: 0.0");
            }
            yaml.append(out).append('\n');
        }
        return RigLoader.parse("clean-test-rig", yaml.toString());
    }

    /**
     * The default rig with only the sensors of one kind (as spelled in the rig file).
     */
    static Rig onlyKind(final String kind)
    {
        final StringBuilder yaml = new StringBuilder();
        final StringBuilder block = new StringBuilder();
        boolean inSensors = false;
        for (final String line : defaultYaml().split("\n", -1))
        {
            if (line.startsWith("  - id:"))
            {
                flush(yaml, block, kind);
                inSensors = true;
            }
            (inSensors ? block : yaml).append(line).append('\n');
        }
        flush(yaml, block, kind);
        return RigLoader.parse("only-" + kind, yaml.toString());
    }

    private static void flush(final StringBuilder yaml, final StringBuilder block, final String kind)
    {
        if (block.indexOf("kind: " + kind + "\n") >= 0)
        {
            yaml.append(block);
        }
        block.setLength(0);
    }

    static SensorConfig sensorNamed(final Rig rig, final String name)
    {
        for (final SensorConfig sensor : rig.sensors())
        {
            if (sensor.name().equals(name))
            {
                return sensor;
            }
        }
        throw new IllegalArgumentException("no sensor " + name);
    }

    static UnsafeBuffer buffer()
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES));
    }

    /**
     * A straight 2+2-lane road along x with the ego in lane 0 (y = -1.85) at s = 100, and whatever
     * else the caller adds.
     */
    static ScenarioBuilder straightRoad(final double egoSpeed)
    {
        final ScenarioBuilder builder = new ScenarioBuilder();
        final Road road = builder.road(HighwayScenarios.highway(Road.startingAt("test-rd", 0, 0, 0).straight(3000).build(), 2));
        builder.ego(road.lane(0), 100, egoSpeed, egoSpeed, IdmParameters.CAR);
        return builder;
    }

    /**
     * Sensor-frame point to the world, for a sensor mounted on an ego at (x, y, yaw).
     */
    static double[] sensorToWorld(
        final MountPose mount, final double egoX, final double egoY, final double egoYaw,
        final double sx, final double sy, final double sz)
    {
        final double[] r = mount.rotation();
        final double vx = r[0] * sx + r[1] * sy + r[2] * sz + mount.x();
        final double vy = r[3] * sx + r[4] * sy + r[5] * sz + mount.y();
        final double vz = r[6] * sx + r[7] * sy + r[8] * sz + mount.z();
        final double c = Math.cos(egoYaw);
        final double s = Math.sin(egoYaw);
        return new double[]{ egoX + c * vx - s * vy, egoY + s * vx + c * vy, vz };
    }

    /**
     * World point to a sensor frame, for a sensor mounted on an ego at (x, y, yaw).
     */
    static double[] worldToSensor(
        final MountPose mount, final double egoX, final double egoY, final double egoYaw,
        final double wx, final double wy, final double wz)
    {
        final double c = Math.cos(egoYaw);
        final double s = Math.sin(egoYaw);
        final double dx = wx - egoX;
        final double dy = wy - egoY;
        final double vx = c * dx + s * dy - mount.x();
        final double vy = -s * dx + c * dy - mount.y();
        final double vz = wz - mount.z();
        final double[] r = mount.rotation();
        return new double[]{
            r[0] * vx + r[3] * vy + r[6] * vz,
            r[1] * vx + r[4] * vy + r[7] * vz,
            r[2] * vx + r[5] * vy + r[8] * vz };
    }

    /**
     * Distance from a point to the surface of an upright box standing on the ground.
     */
    static double distanceToBoxSurface(
        final double px, final double py, final double pz,
        final double cx, final double cy, final double yaw,
        final double length, final double width, final double height)
    {
        final double c = Math.cos(yaw);
        final double s = Math.sin(yaw);
        final double dx = px - cx;
        final double dy = py - cy;
        final double bx = Math.abs(c * dx + s * dy);
        final double by = Math.abs(-s * dx + c * dy);
        final double bz = Math.abs(pz - height / 2);
        final double ox = bx - length / 2;
        final double oy = by - width / 2;
        final double oz = bz - height / 2;
        if (ox <= 0 && oy <= 0 && oz <= 0)
        {
            return -Math.max(ox, Math.max(oy, oz));
        }
        final double qx = Math.max(ox, 0);
        final double qy = Math.max(oy, 0);
        final double qz = Math.max(oz, 0);
        return Math.sqrt(qx * qx + qy * qy + qz * qz);
    }
}
