package io.fusebox.planner;

import io.fusebox.planner.map.LaneMap;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.sim.Footprint;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A small closed loop for planner tests: every 0.1 s the planner plans on a world model of the current
 * scene, the ego moves exactly to the trajectory's first point (an ideal follower), and the objects move at
 * constant velocity in the map frame. Records what a scenario judge would: collisions, the smallest
 * bumper gap to anything ahead in the ego's lane, accelerations and jerks outside emergencies, manoeuvres.
 */
final class TrafficLoop
{
    static final double EGO_LENGTH = 4.9;
    static final double EGO_WIDTH = 1.9;
    static final double EGO_REAR = 1.0;
    static final long STEP_NS = 100_000_000L;

    private final Planner planner;
    private final LaneMap map;
    private final WorldModelWriter writer = new WorldModelWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    final TrajectoryReader trajectory = new TrajectoryReader();
    final CRC32 outputs = new CRC32();

    double egoX;
    double egoY;
    double egoYaw;
    double egoSpeed;
    double egoAcceleration;
    long timeNs = 1_000_000_000L;
    long sequence;

    int count;
    final int[] ids = new int[64];
    final ObjectClass[] classes = new ObjectClass[64];
    final double[] x = new double[64];
    final double[] y = new double[64];
    final double[] vx = new double[64];
    final double[] vy = new double[64];
    final double[] yaw = new double[64];
    final double[] length = new double[64];
    final double[] width = new double[64];

    int collisions;
    double minGapAhead = Double.POSITIVE_INFINITY;
    double maxAbsAccelerationOutsideEmergency;
    double maxAbsJerkOutsideEmergency;
    double maxPlannedAbsAccelerationOutsideEmergency;
    final Set<Maneuver> maneuvers = EnumSet.noneOf(Maneuver.class);
    Maneuver firstManeuver;
    private boolean wasEmergency;
    /** Sees every world model before the planner does. */
    java.util.function.ObjIntConsumer<UnsafeBuffer> worldModelTap;

    TrafficLoop(final Planner planner, final LaneMap map)
    {
        this.planner = planner;
        this.map = map;
    }

    TrafficLoop ego(final double x, final double y, final double yaw, final double speed)
    {
        egoX = x;
        egoY = y;
        egoYaw = yaw;
        egoSpeed = speed;
        return this;
    }

    TrafficLoop add(final ObjectClass objectClass, final double x, final double y, final double vx, final double vy,
        final double length, final double width)
    {
        ids[count] = count + 1;
        classes[count] = objectClass;
        this.x[count] = x;
        this.y[count] = y;
        this.vx[count] = vx;
        this.vy[count] = vy;
        final double speed = Math.hypot(vx, vy);
        yaw[count] = speed > 0.1 ? Math.atan2(vy, vx) : 0;
        this.length[count] = length;
        this.width[count] = width;
        count++;
        return this;
    }

    TrafficLoop car(final double x, final double y, final double vx)
    {
        return add(ObjectClass.CAR, x, y, vx, 0, 4.6, 1.85);
    }

    /** Runs for a duration of message time. */
    TrafficLoop run(final double seconds)
    {
        final int cycles = (int)Math.round(seconds / (STEP_NS * 1e-9));
        for (int c = 0; c < cycles; c++)
        {
            step();
        }
        return this;
    }

    void step()
    {
        final double cos = Math.cos(egoYaw);
        final double sin = Math.sin(egoYaw);
        writer.begin(timeNs, sequence++, egoX, egoY, egoYaw, egoSpeed, egoAcceleration);
        for (int i = 0; i < count; i++)
        {
            final double dx = x[i] - egoX;
            final double dy = y[i] - egoY;
            writer.object(ids[i], classes[i], dx * cos + dy * sin, -dx * sin + dy * cos,
                vx[i] * cos + vy[i] * sin, -vx[i] * sin + vy[i] * cos, yaw[i] - egoYaw, length[i], width[i]);
        }
        final int length = writer.finish();
        if (null != worldModelTap)
        {
            worldModelTap.accept(writer.buffer, length);
        }
        final int written = planner.plan(writer.buffer, 0, length, map, out, 0);
        if (written <= 0)
        {
            throw new IllegalStateException("plan failed: " + written);
        }
        outputs.update(out.byteArray(), 0, written);
        trajectory.read(out, 0);
        if (null == firstManeuver)
        {
            firstManeuver = trajectory.maneuver;
        }
        maneuvers.add(trajectory.maneuver);
        final boolean isEmergency = trajectory.maneuver == Maneuver.EMERGENCY_STOP;
        if (!isEmergency)
        {
            maxPlannedAbsAccelerationOutsideEmergency = Math.max(maxPlannedAbsAccelerationOutsideEmergency,
                Math.max(Math.abs(trajectory.minAcceleration()), Math.abs(trajectory.maxAcceleration())));
        }

        // The ideal follower: be where the plan says one step later.
        final double px = trajectory.x[0];
        final double py = trajectory.y[0];
        egoX += px * cos - py * sin;
        egoY += px * sin + py * cos;
        egoYaw += trajectory.yaw[0];
        final double previousAcceleration = egoAcceleration;
        egoSpeed = trajectory.speed[0];
        egoAcceleration = trajectory.acceleration[0];
        if (!isEmergency && !wasEmergency)
        {
            maxAbsAccelerationOutsideEmergency = Math.max(maxAbsAccelerationOutsideEmergency, Math.abs(egoAcceleration));
            maxAbsJerkOutsideEmergency = Math.max(maxAbsJerkOutsideEmergency,
                Math.abs(egoAcceleration - previousAcceleration) / (STEP_NS * 1e-9));
        }
        wasEmergency = isEmergency;
        for (int i = 0; i < count; i++)
        {
            x[i] += vx[i] * STEP_NS * 1e-9;
            y[i] += vy[i] * STEP_NS * 1e-9;
        }
        timeNs += STEP_NS;
        judge();
    }

    private void judge()
    {
        final double cos = Math.cos(egoYaw);
        final double sin = Math.sin(egoYaw);
        final double cx = egoX + (EGO_LENGTH / 2 - EGO_REAR) * cos;
        final double cy = egoY + (EGO_LENGTH / 2 - EGO_REAR) * sin;
        for (int i = 0; i < count; i++)
        {
            if (Footprint.overlaps(cx, cy, egoYaw, EGO_LENGTH / 2, EGO_WIDTH / 2, x[i], y[i], yaw[i], length[i] / 2, width[i] / 2))
            {
                collisions++;
            }
            // Gap to objects ahead whose footprint overlaps the ego's lateral extent.
            final double dx = x[i] - egoX;
            final double dy = y[i] - egoY;
            final double along = dx * cos + dy * sin;
            final double across = -dx * sin + dy * cos;
            if (along > 0 && Math.abs(across) < EGO_WIDTH / 2 + width[i] / 2)
            {
                final double gap = along - length[i] / 2 - (EGO_LENGTH - EGO_REAR);
                minGapAhead = Math.min(minGapAhead, gap);
            }
        }
    }

    /** Gap from the ego's front bumper to object i's rear, along the ego's heading. */
    double gapTo(final int i)
    {
        final double along = (x[i] - egoX) * Math.cos(egoYaw) + (y[i] - egoY) * Math.sin(egoYaw);
        return along - length[i] / 2 - (EGO_LENGTH - EGO_REAR);
    }

    String summary()
    {
        return String.format("ego x=%.1f y=%.2f v=%.2f a=%.2f; collisions %d, min gap %.2f, max |a| %.2f " +
            "(planned %.2f), max |jerk| %.2f, manoeuvres %s", egoX, egoY, egoSpeed, egoAcceleration, collisions,
            minGapAhead, maxAbsAccelerationOutsideEmergency, maxPlannedAbsAccelerationOutsideEmergency,
            maxAbsJerkOutsideEmergency, maneuvers);
    }
}
