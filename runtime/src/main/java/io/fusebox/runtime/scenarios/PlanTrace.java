package io.fusebox.runtime.scenarios;

import io.fusebox.planner.Planner;
import io.fusebox.planner.scene.Scene;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.sim.GroundTruthFrame;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Why the planner did what it did, one line per plan: the manoeuvre, the ego's speed, the time to collision and the
 * track it was measured against, the lead's gap, how many candidates survived and which track the last refused one
 * would have hit. On a cycle that braked in an emergency or refused candidates, the tracks behind it follow, as fusion
 * published them (class, place along and across the path, velocity and how far it is trusted, size, the sensors that
 * saw it), with the ground truth of the objects within {@link #TRUTH_RANGE_M} of the ego at the same time. Within
 * a window of scenario time ({@code --trace-window FROM:TO}), every plan lists every track and every actor within
 * {@link #WINDOW_RANGE_M} of the ego instead, in the vehicle frame: what a stop's tracks looked like before it.
 *
 * <p>Diagnostics for a scenario run ({@code fusebox scenarios --trace FILE}), off the measured path: it formats text.
 */
public final class PlanTrace
{
    /** Ground truth is listed for actors this close to the ego, m. */
    static final double TRUTH_RANGE_M = 40.0;
    /** Within the window, tracks and actors this close to the ego are listed, m. */
    static final double WINDOW_RANGE_M = 20.0;

    private final PrintWriter out;
    private final Rig rig;
    private final double windowFromS;
    private final double windowToS;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final WorldModelDecoder worldModel = new WorldModelDecoder();
    private final StringBuilder sensors = new StringBuilder();

    /**
     * @param out         where the lines go.
     * @param rig         names the sensors behind a track.
     * @param windowFromS start of the window that lists everything near the ego, s of scenario time.
     * @param windowToS   its end (inclusive); a window ending before it starts lists nothing.
     */
    public PlanTrace(final PrintWriter out, final Rig rig, final double windowFromS, final double windowToS)
    {
        this.out = out;
        this.rig = rig;
        this.windowFromS = windowFromS;
        this.windowToS = windowToS;
    }

    /** A trace with no window. */
    public PlanTrace(final PrintWriter out, final Rig rig)
    {
        this(out, rig, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /** Starts a scenario's section. */
    void beginScenario(final String name)
    {
        out.printf("# %s%n", name);
    }

    /**
     * @param simTimeS   the plan's time since the scenario began, s.
     * @param planner    the planner, just after it planned on the world model.
     * @param buffer     holds the world model it planned on.
     * @param offset     of the world model's header.
     * @param truth      ground truth at the world model's time, or null when the ring no longer holds it.
     */
    void onPlan(
        final double simTimeS,
        final Planner planner,
        final DirectBuffer buffer,
        final int offset,
        final GroundTruthFrame truth)
    {
        final Maneuver maneuver = planner.lastManeuver();
        out.printf(Locale.ROOT, "%.1f %s v %.2f a %.2f d %.2f ttc %.2f (track %d) lead %.1f m, valid %d/%d, refused %s " +
            "(track %d), stop line %.1f m%n",
            simTimeS, maneuver, planner.scene().egoSpeed(), planner.scene().egoAcceleration(), planner.lastEgoOffsetM(),
            planner.lastTimeToCollision(), planner.lastTimeToCollisionTrackId(), planner.lastLeadGap(),
            planner.lastValidCandidates(), planner.lastCandidates(), planner.lastRejection(),
            planner.lastRejectionTrackId(), planner.lastStopLineGap());
        if (simTimeS >= windowFromS && simTimeS <= windowToS)
        {
            listNearby(planner.scene(), truth);
        }
        if (maneuver != Maneuver.EMERGENCY_STOP && planner.lastValidCandidates() == planner.lastCandidates())
        {
            return;
        }
        header.wrap(buffer, offset);
        worldModel.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final Scene scene = planner.scene();
        for (final WorldModelDecoder.ObjectsDecoder object : worldModel.objects())
        {
            final int trackId = object.trackId();
            if (trackId != planner.lastTimeToCollisionTrackId() && trackId != planner.lastRejectionTrackId())
            {
                continue;
            }
            for (int i = 0; i < scene.count(); i++)
            {
                if (scene.trackId(i) == trackId)
                {
                    out.printf(Locale.ROOT, "  track %d %s %s s %.1f d %.1f vs %.2f vd %.2f trust %.2f %.1f x %.1f m " +
                        "(%.1f along, %.1f across), seen by %s%n",
                        trackId, object.objectClass(), object.status(), scene.s(i), scene.d(i), scene.vs(i),
                        scene.vd(i), scene.velocityTrust(i), 2 * scene.halfLength(i), 2 * scene.halfWidth(i),
                        2 * scene.halfAlong(i), 2 * scene.halfAcross(i),
                        sensorIds(object.contributingSensors()));
                }
            }
        }
        listTruth(truth, TRUTH_RANGE_M, "truth");
    }

    private void listNearby(final Scene scene, final GroundTruthFrame truth)
    {
        for (int i = 0; i < scene.count(); i++)
        {
            if (Math.hypot(scene.x(i), scene.y(i)) < WINDOW_RANGE_M)
            {
                out.printf(Locale.ROOT,
                    "  near track %d %s x %.2f y %.2f vx %.2f vy %.2f trust %.2f %.2f x %.2f m yaw %.0f%n",
                    scene.trackId(i), ObjectClass.get((short)scene.objectClass(i)), scene.x(i), scene.y(i), scene.vx(i), scene.vy(i),
                    scene.velocityTrust(i), 2 * scene.halfLength(i), 2 * scene.halfWidth(i),
                    Math.toDegrees(Math.atan2(scene.sinYaw(i), scene.cosYaw(i))));
            }
        }
        listTruth(truth, WINDOW_RANGE_M, "near truth");
    }

    /** Lists the actors within {@code rangeM} of the ego, in its vehicle frame, each line starting with the label. */
    private void listTruth(final GroundTruthFrame truth, final double rangeM, final String label)
    {
        if (null == truth)
        {
            return;
        }
        for (int a = 0; a < truth.actorCount(); a++)
        {
            if (Math.hypot(truth.vehicleX(a), truth.vehicleY(a)) < rangeM)
            {
                out.printf(Locale.ROOT, "  %s %d x %.2f y %.2f vx %.2f vy %.2f %.1f x %.1f m yaw %.0f%s%n",
                    label, truth.actorId(a), truth.vehicleX(a), truth.vehicleY(a), truth.vehicleVx(a),
                    truth.vehicleVy(a), truth.length(a), truth.width(a), Math.toDegrees(truth.vehicleYaw(a)),
                    truth.isStructure(a) ? " structure" : "");
            }
        }
    }

    private StringBuilder sensorIds(final long mask)
    {
        sensors.setLength(0);
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            if (0 != (mask & (1L << i)))
            {
                sensors.append(0 == sensors.length() ? "" : ",").append(rig.sensor(i).id());
            }
        }
        return sensors;
    }
}
