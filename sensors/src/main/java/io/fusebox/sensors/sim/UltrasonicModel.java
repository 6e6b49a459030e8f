package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.UltrasonicEchoEncoder;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.rig.UltrasonicSpec;
import org.agrona.MutableDirectBuffer;

/**
 * An ultrasonic sensor: the nearest surface of any actor, wall or pillar inside its cone. The cone
 * is taken in the horizontal plane (everything here stands on the ground and reaches the sensor's
 * height); the nearest point of a box within a wedge is either the box's nearest point, when that
 * lies inside the wedge, or where one of the wedge's edges enters the box.
 */
final class UltrasonicModel implements SensorModel
{
    private final SensorConfig config;
    private final UltrasonicSpec spec;
    private final World world;
    private final long clockBaseNs;
    private final NoiseStream noise;
    private final SensorMount mount;
    private final double cosHalfFov;
    private final double cosEdge;
    private final double sinEdge;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final UltrasonicEchoEncoder encoder = new UltrasonicEchoEncoder();

    private double axisX;
    private double axisY;

    UltrasonicModel(final SensorConfig config, final World world, final long seed, final long clockBaseNs)
    {
        this.config = config;
        this.spec = config.ultrasonic();
        this.world = world;
        this.clockBaseNs = clockBaseNs;
        this.noise = new NoiseStream(seed, config.id());
        this.mount = new SensorMount(config.mount());
        this.cosHalfFov = StrictMath.cos(spec.fovRad() / 2);
        this.cosEdge = cosHalfFov;
        this.sinEdge = StrictMath.sin(spec.fovRad() / 2);
    }

    public int encode(final MutableDirectBuffer buffer, final int offset, final long simTimeNs, final long sequence)
    {
        final EgoVehicle ego = world.ego;
        mount.place(ego.sampleX, ego.sampleY, ego.sampleCos, ego.sampleSin);
        final double ax = mount.worldDirectionX(1, 0, 0);
        final double ay = mount.worldDirectionY(1, 0, 0);
        final double norm = Math.sqrt(ax * ax + ay * ay);
        axisX = ax / norm;
        axisY = ay / norm;

        double nearest = Double.POSITIVE_INFINITY;
        for (final Actor actor : world.actors)
        {
            final double dx = actor.sampleX - mount.originX;
            final double dy = actor.sampleY - mount.originY;
            final double reach = spec.maxRangeM() + actor.radius;
            if (dx * dx + dy * dy > reach * reach)
            {
                continue;
            }
            nearest = Math.min(nearest, wedgeDistance(actor));
        }

        encoder.wrapAndApplyHeader(buffer, offset, header);
        encoder.stamp().captureTimeNs(clockBaseNs + simTimeNs).sequence(sequence).sensorId(config.id());
        if (nearest <= spec.maxRangeM())
        {
            final double measured = Math.max(spec.minRangeM(), nearest + spec.rangeStdM() * noise.gaussian());
            final double quality = 235 - 25 * measured + 8 * noise.gaussian();
            encoder.hasEcho(BooleanType.TRUE)
                .distanceM((float)measured)
                .quality((short)Math.max(1, Math.min(255, Math.round(quality))));
        }
        else
        {
            encoder.hasEcho(BooleanType.FALSE).distanceM(0f).quality((short)Math.max(0, Math.min(40, 20 + 8 * noise.gaussian())));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private double wedgeDistance(final Actor actor)
    {
        final double c = actor.sampleCos;
        final double s = actor.sampleSin;
        final double rx = mount.originX - actor.sampleX;
        final double ry = mount.originY - actor.sampleY;
        final double bx = rx * c + ry * s;
        final double by = -rx * s + ry * c;
        final double nx = Math.max(-actor.halfLength, Math.min(actor.halfLength, bx));
        final double ny = Math.max(-actor.halfWidth, Math.min(actor.halfWidth, by));
        final double ex = nx - bx;
        final double ey = ny - by;
        final double distance = Math.sqrt(ex * ex + ey * ey);
        if (distance == 0)
        {
            return 0;
        }
        // Back to the world frame to compare with the sensor's axis.
        final double wx = ex * c - ey * s;
        final double wy = ex * s + ey * c;
        if ((wx * axisX + wy * axisY) >= cosHalfFov * distance)
        {
            return distance;
        }
        final double left = RayBox.entryFootprint(actor, mount.originX, mount.originY,
            axisX * cosEdge - axisY * sinEdge, axisY * cosEdge + axisX * sinEdge);
        final double right = RayBox.entryFootprint(actor, mount.originX, mount.originY,
            axisX * cosEdge + axisY * sinEdge, axisY * cosEdge - axisX * sinEdge);
        return Math.min(left, right);
    }
}
