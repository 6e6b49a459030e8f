package io.fusebox.planner;

import io.fusebox.planner.behaviour.AccModel;
import io.fusebox.planner.collision.CollisionChecker;
import io.fusebox.planner.map.LaneLocator;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.planner.map.PathPoint;
import io.fusebox.planner.map.ReferencePath;
import io.fusebox.planner.sampling.Candidate;
import io.fusebox.planner.sampling.LateralPath;
import io.fusebox.planner.sampling.TrajectorySampler;
import io.fusebox.planner.scene.Scene;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * World model in, trajectory out. One call to {@link #plan} is one planning cycle:
 * <ol>
 * <li>read the world model into the {@link Scene};</li>
 * <li>find the ego's lane on the {@link LaneMap} (keeping the lane it has committed to) and build the
 * {@link ReferencePath} in the world model's vehicle frame; place every object in its Frenet frame;</li>
 * <li>behaviour: desired speed from the lane (creep in a parking aisle), time to collision on the current
 * path (below the threshold: emergency stop), near-field obstacles from the occupancy grid (too close: stop
 * at once), whether the lane is blocked (then the neighbours are sampled too);</li>
 * <li>sample lateral paths times speed profiles, roll each out with the ACC model against the predicted
 * objects, check collisions, score, keep the cheapest valid one;</li>
 * <li>encode it as a {@code Trajectory}: {@link PlannerContext#pointCount()} points at
 * {@code tOffsetS = step, 2 step, ... horizon}, each the rear axle's pose, speed, acceleration and
 * curvature in the vehicle frame at the world model's time.</li>
 * </ol>
 * A pure function of its state and the world model: time comes only from the message, objects are taken in
 * message order, ties go to the earlier candidate, and the state (committed lane, last plan, emergency
 * latch) evolves only from inputs; two planners fed the same world models write the same bytes.
 * Allocation-free per cycle once built. Not thread-safe.
 */
public final class Planner
{
    /** The output buffer cannot hold a trajectory. */
    public static final int BUFFER_TOO_SMALL = -3;
    /** The lane map has more lanes than {@link PlannerContext#maxLanes()}. */
    public static final int MAP_TOO_LARGE = -4;
    /**
     * The world-model sequence a {@link #watchdogStop watchdog stop} carries: planned on no world model, from a
     * wall clock, so a replay does not reproduce it: the field's null value.
     */
    public static final long NO_WORLD_MODEL = TrajectoryEncoder.worldModelSequenceNullValue();

    private static final int PROFILES = 4;
    /** Slower than this the ego stands: no plan at all is a hold, not an emergency stop. */
    private static final double STANDING_MPS = 0.5;
    /** A grid cell at or below this has been seen free (unknown is {@link PlannerContext#UNKNOWN_OCCUPANCY}). */
    private static final int OBSERVED_FREE_OCCUPANCY = 96;
    /** A track whose velocity is not yet established is believed at most this many times the lane's speed limit. */
    private static final double UNESTABLISHED_SPEED_LIMIT_FACTOR = 2.0;
    /** A box cut back to the grid keeps at least this much across, m. */
    private static final double MIN_CLIPPED_EXTENT_M = 0.3;
    private static final int CLIP_STEPS_PER_CELL = 5;
    /** Creeping, the body keeps this far inside its lane's edges at the least, m. */
    private static final double CREEP_EDGE_MARGIN_M = 0.05;
    /** Creeping, what stands this far beyond the front bumper decides where in its lane the ego keeps, m. */
    private static final double CREEP_LOOKAHEAD_M = 8.0;
    /** Creeping, a vehicle off the aisle's lanes moves no faster: backing out of a bay, about 3.5 km/h, m/s. */
    private static final double OFF_LANE_MAX_SPEED_MPS = 1.0;
    /** Creeping, a person off the aisle's lanes moves no faster: a run, m/s. */
    private static final double OFF_LANE_MAX_PERSON_SPEED_MPS = 3.0;
    private static final double KEEP_LENGTH_FACTOR = 1.6;


    private final PlannerContext context;
    private final int steps;
    private final double dt;
    private final Scene scene;
    private final LaneLocator locator;
    private final LaneLocator objectLocator;
    private final ReferencePath path;
    private final PathPoint point = new PathPoint();
    private final CollisionChecker checker;
    private final TrajectorySampler sampler;
    private final AccModel followerModel;
    private final LateralPath keepPath = new LateralPath();
    private final LateralPath lateral = new LateralPath();
    private final Candidate previous;
    /** The last watchdog stop, so repeated ones brake on from it; forgotten at the next plan. */
    private final Candidate watchdogPrevious;
    private long watchdogPreviousTimeNs;
    private boolean hasWatchdogPrevious;
    private Candidate best;
    private Candidate scratch;
    private final double[] profileSpeedFactor = new double[PROFILES];
    private final double[] profileGapFactor = new double[PROFILES];

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TrajectoryEncoder trajectoryEncoder = new TrajectoryEncoder();
    private final int encodedLength;

    private final double egoFront;
    private final double corridorHalf;

    // State carried from cycle to cycle.
    private LaneMap lastMap;
    private int targetLane = LaneMap.NO_LANE;
    private boolean isLaneChangeActive;
    private double laneChangeEndArc;
    private Maneuver laneChangeManeuver = Maneuver.LANE_CHANGE_LEFT;
    private boolean hasPrevious;
    private long previousTimeNs;
    private boolean isEmergencyLatched;
    private int blockerTrackId;
    private boolean hasBlocker;
    private long blockerSinceNs;
    private long trajectorySequence;
    private double startCurvature;

    // What the last cycle decided, for callers and tests.
    private Maneuver lastManeuver = Maneuver.CONTROLLED_STOP;
    private double lastTargetSpeed;
    private double lastTimeToCollision = Double.POSITIVE_INFINITY;
    private int lastCandidates;
    private int lastValidCandidates;
    private boolean lastLaneBlocked;
    private double lastLeadGap = Double.POSITIVE_INFINITY;
    private String lastRejection;
    private int lastRejectionTrackId = -1;
    private boolean isRefusedByStandingOnly;
    private double lastStopLineGap = Double.POSITIVE_INFINITY;
    private int lastTimeToCollisionTrackId = -1;
    private double lastEgoOffset;
    private double lastRejectionTimeS;

    public Planner(final PlannerContext context)
    {
        this.context = context.conclude();
        steps = context.pointCount();
        dt = context.stepS();
        scene = new Scene(context.maxObjects(), context.minExistence(), context.useTentativeTracks(), steps,
            context.establishedVelocityStdMps());
        locator = new LaneLocator(context.maxLanes());
        objectLocator = new LaneLocator(context.maxLanes());
        path = new ReferencePath(context.referenceSpacingM(), context.maxReferencePoints());
        checker = new CollisionChecker(context);
        sampler = new TrajectorySampler(context);
        followerModel = new AccModel(
            context.maxAccelerationMps2(), context.idmComfortDecelerationMps2(), context.minGapM(), context.accCoolness(),
            context.stopDecelerationMps2());
        previous = new Candidate(steps);
        watchdogPrevious = new Candidate(steps);
        best = new Candidate(steps);
        scratch = new Candidate(steps);
        egoFront = context.egoLengthM() - context.egoRearOverhangM();
        corridorHalf = 0.5 * context.egoWidthM() + context.corridorMarginM();

        // Profiles: free or following at the time gap; a looser gap; a slower target; a stop.
        profileSpeedFactor[0] = 1.0;
        profileGapFactor[0] = 1.0;
        profileSpeedFactor[1] = 1.0;
        profileGapFactor[1] = context.relaxedProfileTimeGapFactor();
        profileSpeedFactor[2] = context.slowProfileSpeedFactor();
        profileGapFactor[2] = 1.0;
        profileSpeedFactor[3] = 0.0;
        profileGapFactor[3] = 1.0;

        encodedLength = MessageHeaderEncoder.ENCODED_LENGTH + TrajectoryEncoder.BLOCK_LENGTH +
            TrajectoryEncoder.PointsEncoder.sbeHeaderSize() + steps * TrajectoryEncoder.PointsEncoder.sbeBlockLength();
    }

    public PlannerContext context()
    {
        return context;
    }

    /**
     * @return bytes one encoded trajectory takes: what an output buffer must hold from its offset.
     */
    public int encodedLength()
    {
        return encodedLength;
    }

    /**
     * One planning cycle.
     *
     * @param worldModel buffer holding a {@code WorldModel} message, header included.
     * @param offset     of its header.
     * @param length     of the message.
     * @param map        the lanes, in the world model's odometry frame.
     * @param out        where the {@code Trajectory} (header included) is written.
     * @param outOffset  offset in {@code out}.
     * @return the encoded length, or {@link Scene#MALFORMED}, {@link Scene#NOT_A_WORLD_MODEL},
     * {@link #BUFFER_TOO_SMALL} or {@link #MAP_TOO_LARGE}; nothing is written then and no state changes.
     */
    public int plan(
        final DirectBuffer worldModel,
        final int offset,
        final int length,
        final LaneMap map,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        if (out.capacity() - outOffset < encodedLength)
        {
            return BUFFER_TOO_SMALL;
        }
        if (null != map && map.laneCount() > locator.maxLanes())
        {
            return MAP_TOO_LARGE;
        }
        final int decoded = scene.decode(worldModel, offset, length);
        if (Scene.OK != decoded)
        {
            return decoded;
        }
        final long timeNs = scene.timeNs();
        if (hasPrevious && timeNs < previousTimeNs)
        {
            // Time ran backwards (a replay restarted): nothing from the old timeline applies.
            reset();
        }

        if (!localise(map))
        {
            return controlledStop(timeNs, scene.sequence(), scene.newestCaptureTimeNs(), out, outOffset);
        }
        planCycle(map);
        return encode(best, timeNs, scene.sequence(), scene.newestCaptureTimeNs(), lastManeuver, lastTargetSpeed,
            out, outOffset);
    }

    /**
     * A controlled stop at {@code timeNs}: straight ahead in the vehicle frame, from the speed the last plan had
     * for that time, braking jerk-limited to a stop at the comfort deceleration. What a caller publishes when the
     * world model is stale or missing, or the ego is off the map: no lane geometry or objects can be trusted then,
     * and an old plan must never be replayed.
     *
     * @return the encoded length, or {@link #BUFFER_TOO_SMALL}.
     */
    public int controlledStop(
        final long timeNs,
        final long worldModelSequence,
        final long newestCaptureTimeNs,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        if (out.capacity() - outOffset < encodedLength)
        {
            return BUFFER_TOO_SMALL;
        }
        final Candidate stop = buildStop(timeNs, hasPrevious ? previous : null, previousTimeNs);
        lastManeuver = Maneuver.CONTROLLED_STOP;
        lastTargetSpeed = 0;
        lastCandidates = 0;
        lastValidCandidates = 0;
        isEmergencyLatched = false;
        targetLane = LaneMap.NO_LANE;
        isLaneChangeActive = false;
        final int written = encode(stop, timeNs, worldModelSequence, newestCaptureTimeNs, Maneuver.CONTROLLED_STOP, 0,
            out, outOffset);
        best.copyFrom(stop);
        return written;
    }

    /**
     * The controlled stop a watchdog publishes when world models stop coming: as {@link #controlledStop}, but
     * decided by a wall clock, so it leaves the planner exactly as it was (no state, no trajectory sequence
     * consumed) and carries {@link #NO_WORLD_MODEL} and the last plan's sequence. The plans that follow are then
     * the ones a replay of the same world models makes, and a replay's verification can tell these apart.
     *
     * @return the encoded length, or {@link #BUFFER_TOO_SMALL}.
     */
    public int watchdogStop(
        final long timeNs, final long newestCaptureTimeNs, final MutableDirectBuffer out, final int outOffset)
    {
        if (out.capacity() - outOffset < encodedLength)
        {
            return BUFFER_TOO_SMALL;
        }
        final Candidate stop = hasWatchdogPrevious ?
            buildStop(timeNs, watchdogPrevious, watchdogPreviousTimeNs) :
            buildStop(timeNs, hasPrevious ? previous : null, previousTimeNs);
        final int length = write(stop, timeNs, trajectorySequence - 1, NO_WORLD_MODEL, newestCaptureTimeNs,
            Maneuver.CONTROLLED_STOP, 0, out, outOffset);
        watchdogPrevious.copyFrom(stop);
        watchdogPreviousTimeNs = timeNs;
        hasWatchdogPrevious = true;
        return length;
    }

    /**
     * @param from the trajectory the ego is on, whose speed at {@code timeNs} the stop starts from; null for none.
     */
    private Candidate buildStop(final long timeNs, final Candidate from, final long fromTimeNs)
    {
        double v = 0;
        double a = 0;
        if (null != from)
        {
            final double tau = Math.max(0, (timeNs - fromTimeNs) * 1e-9);
            v = speedAt(from, tau);
            a = Math.max(-context.comfortDecelerationMps2(), accelerationAt(from, tau));
        }
        path.buildStraight(context.referenceBackM(), 3);
        keepPath.set(context.referenceBackM(), 0, 0, 0, 0, context.minLateralDistanceM());
        final double jerk = context.maxJerkMps3();
        final Candidate stop = scratch;
        double s = context.referenceBackM();
        for (int k = 0; k <= steps; k++)
        {
            if (k > 0)
            {
                double wanted = Math.max(-context.comfortDecelerationMps2(), -Math.sqrt(jerk * v));
                if (v <= 0)
                {
                    wanted = 0;
                }
                final double next = a + Math.max(-jerk * dt, Math.min(jerk * dt, wanted - a));
                double vNext = v + next * dt;
                if (vNext <= 0)
                {
                    s += next < 0 ? v * v / (-2 * next) : 0;
                    vNext = 0;
                }
                else
                {
                    s += 0.5 * (v + vNext) * dt;
                }
                setState(stop, k, s, vNext, vNext > 0 ? next : 0, (next - a) / dt);
                a = vNext > 0 ? next : 0;
                v = vNext;
            }
            else
            {
                setState(stop, 0, s, v, a, 0);
            }
        }
        return stop;
    }

    /**
     * Forgets the committed lane, the last plan and the emergency latch; the trajectory sequence carries on.
     */
    public void reset()
    {
        hasPrevious = false;
        targetLane = LaneMap.NO_LANE;
        isLaneChangeActive = false;
        isEmergencyLatched = false;
        hasBlocker = false;
    }

    /** @return the manoeuvre of the last trajectory written. */
    public Maneuver lastManeuver()
    {
        return lastManeuver;
    }

    public double lastTargetSpeed()
    {
        return lastTargetSpeed;
    }

    /** @return time to collision found by the last cycle, or {@code Double.POSITIVE_INFINITY}. */
    public double lastTimeToCollision()
    {
        return lastTimeToCollision;
    }

    /** @return candidates rolled out by the last cycle. */
    public int lastCandidates()
    {
        return lastCandidates;
    }

    public int lastValidCandidates()
    {
        return lastValidCandidates;
    }

    /**
     * @return why the last candidate refused in the last cycle was refused ("collision", "curvature"), or null;
     * with {@link #lastRejectionTimeS()}, the time of its first predicted overlap.
     */
    public String lastRejection()
    {
        return lastRejection;
    }

    /**
     * @return how far ahead of the front bumper the last plan had to stop for the near field of the occupancy grid or
     * a red signal, m; {@code Double.POSITIVE_INFINITY} when neither.
     */
    public double lastStopLineGap()
    {
        return lastStopLineGap;
    }

    /** @return the track the last refused candidate would have hit, or -1. */
    public int lastRejectionTrackId()
    {
        return lastRejectionTrackId;
    }

    /** @return the track the time-to-collision of the last plan was measured against, or -1 when none. */
    public int lastTimeToCollisionTrackId()
    {
        return lastTimeToCollisionTrackId;
    }

    public double lastRejectionTimeS()
    {
        return lastRejectionTimeS;
    }

    /** @return the ego's (rear axle's) offset from its committed lane's centre at the last cycle, left positive. */
    public double lastEgoOffsetM()
    {
        return lastEgoOffset;
    }

    /** @return whether the last cycle found its lane blocked. */
    public boolean lastLaneBlocked()
    {
        return lastLaneBlocked;
    }

    /** @return bumper gap to the lead in the ego's corridor at the last cycle, or +infinity. */
    public double lastLeadGap()
    {
        return lastLeadGap;
    }

    /** @return the lane the planner has committed to, or {@link LaneMap#NO_LANE}. */
    public int targetLane()
    {
        return targetLane;
    }

    /** @return the trajectory last written, as states (index 0 the start). */
    public Candidate lastTrajectory()
    {
        return best;
    }

    /** @return the scene of the last world model read. */
    public Scene scene()
    {
        return scene;
    }

    /** @return sequence number the next trajectory gets. */
    public long nextSequence()
    {
        return trajectorySequence;
    }

    private boolean localise(final LaneMap map)
    {
        if (null == map || 0 == map.laneCount())
        {
            return false;
        }
        if (map != lastMap)
        {
            lastMap = map;
            targetLane = LaneMap.NO_LANE;
            isLaneChangeActive = false;
        }
        final double ex = scene.egoX();
        final double ey = scene.egoY();
        if (LaneMap.NO_LANE != targetLane &&
            locator.locate(map, targetLane, ex, ey) > context.maxLaneDistanceM() + map.widthM(targetLane))
        {
            targetLane = LaneMap.NO_LANE;
            isLaneChangeActive = false;
        }
        if (LaneMap.NO_LANE == targetLane)
        {
            targetLane = locator.nearestLane(map, ex, ey, scene.egoCos(), scene.egoSin(), context.maxLaneDistanceM());
            isLaneChangeActive = false;
        }
        return LaneMap.NO_LANE != targetLane;
    }

    private void planCycle(final LaneMap map)
    {
        final double egoArc = locator.arc();
        final double v0 = scene.egoSpeed();

        // Reference path from a little behind the ego to beyond what the horizon can reach.
        final double back = context.referenceBackM();
        final double limit = Math.min(map.speedLimitMps(targetLane), context.maxSpeedMps());
        final double reach = back + Math.max(v0, limit) * context.horizonS() + context.egoLengthM() + 60;
        final int points = Math.min(path.capacity(), (int)Math.ceil(reach / path.spacingM()) + 1);
        path.build(map, targetLane, egoArc - back, points, scene.egoX(), scene.egoY(), scene.egoCos(), scene.egoSin());
        path.project(0, 0, point);
        final double s0 = point.s();
        final double d0 = point.d();
        final double referenceCurvature = point.curvature();
        lastEgoOffset = d0;
        final double slope = Math.max(-1, Math.min(1,
            (-point.tangentSin() / Math.max(0.1, point.tangentCos())) * (1 - referenceCurvature * d0)));
        // From here on the scratch point serves the objects: nothing below may read the ego's projection from it.
        scene.capUnestablishedSpeeds(UNESTABLISHED_SPEED_LIMIT_FACTOR * map.speedLimitMps(targetLane));
        scene.toFrenet(path, point);
        final boolean isCreep = limit <= context.parkingSpeedLimitMps();
        if (isCreep)
        {
            clipToGrid(d0);
            capSpeedsOffLanes(map);
        }
        scene.predict(path, point, dt);
        checker.ignoreFollowers(scene, s0, d0, corridorHalf, context.egoRearOverhangM());
        if (isCreep)
        {
            checker.ignoreUnestablished(
                scene, s0, d0, 0.5 * context.egoWidthM(), egoFront, context.egoRearOverhangM());
        }

        final double desired = isCreep ? Math.min(limit, context.creepSpeedMps()) : limit;

        // Start from the last plan's acceleration and curvature when it still describes the vehicle: replanning
        // that resets them every cycle lags (a lane change would never build up its lateral speed) and jerks.
        double a0 = Math.max(-context.emergencyDecelerationMps2(),
            Math.min(context.maxAccelerationMps2(), scene.egoAcceleration()));
        startCurvature = v0 > 2.0 ? scene.egoYawRate() / v0 : 0;
        if (hasPrevious)
        {
            final double tau = (scene.timeNs() - previousTimeNs) * 1e-9;
            if (tau >= 0 && tau <= context.horizonS() &&
                Math.abs(speedAt(previous, tau) - v0) <= context.speedResetThresholdMps())
            {
                a0 = accelerationAt(previous, tau);
                startCurvature = curvatureAt(previous, tau);
            }
        }

        final double bend = startBend(v0, d0, slope, referenceCurvature);

        if (isLaneChangeActive && Math.abs(d0) < 0.2 && egoArc >= laneChangeEndArc)
        {
            isLaneChangeActive = false;
        }
        // Back to the centre over the usual distance, and over a longer one (the rest of a lane change, or half as
        // long again): the costs choose between brisk and gentle.
        final double keepLength = Math.max(context.minLateralDistanceM(), v0 * context.keepLaneLateralTimeS());
        final double gentleLength = isLaneChangeActive ?
            Math.max(keepLength, laneChangeEndArc - egoArc) : KEEP_LENGTH_FACTOR * keepLength;
        final double keepD = isCreep ? creepOffset(map.widthM(targetLane), s0) : 0;
        keepPath.set(s0, d0, slope, bend, keepD, keepLength);

        final double ttc = sampler.timeToCollision(scene, path, checker, keepPath, s0, v0);
        lastTimeToCollision = ttc;
        lastTimeToCollisionTrackId = ttc < Double.POSITIVE_INFINITY ? scene.trackId(checker.closestObject()) : -1;
        // The grid's near field guards creeping (parking, ultrasonics); at speed, tracked objects and TTC do: a
        // cell of a parked car at the lane's edge must not brake a car driving past it.
        final double gridStopS = v0 <= context.parkingSpeedLimitMps() ? nearFieldStop(s0, d0) : Double.POSITIVE_INFINITY;
        final boolean isProximityStop = gridStopS - (s0 + egoFront) <= context.proximityStopDistanceM();
        // A red stop line is a standing obstacle for speed planning, never a reason for the proximity stop's braking.
        final double nearStopS = Math.min(gridStopS, signalStop(map, egoArc, v0));
        lastStopLineGap = nearStopS - (s0 + egoFront);
        // Standing, there is nothing to brake: something predicted to come at the ego makes it hold, not brake.
        final boolean isThreat = ttc < context.emergencyTtcS() ||
            (isEmergencyLatched && v0 > 0.1 && ttc < context.emergencyReleaseTtcS());
        boolean isEmergency = isThreat && v0 > STANDING_MPS;

        lastCandidates = 0;
        lastValidCandidates = 0;
        // Once braking hard, it brakes hard until the threat is gone; a new threat brakes hard only when a comfortable
        // stop is not enough (see isComfortStopEnough).
        boolean isComfortStop = false;
        if (isEmergency && !isEmergencyLatched)
        {
            isComfortStop = isComfortStopEnough(s0, v0, a0, desired, nearStopS);
            isEmergency = !isComfortStop;
        }
        lastRejection = null;
        lastRejectionTrackId = -1;
        isRefusedByStandingOnly = true;
        lastLeadGap = sampler.leadAhead(scene, keepPath, s0, v0);
        lastLaneBlocked = isBlocked(sampler.leadObject(), lastLeadGap, sampler.leadSpeed(), v0);

        int chosenNeighbour = LaneMap.NO_LANE;
        double chosenLength = 0;
        boolean isHold = isThreat && !isEmergency;
        if (!isThreat && !isProximityStop)
        {
            best.clear();
            for (int p = 0; p < PROFILES; p++)
            {
                rollout(keepPath, targetLane, s0, v0, a0, desired, p, nearStopS, 0);
            }
            lateral.set(s0, d0, slope, bend, keepD, gentleLength);
            for (int p = 0; p < PROFILES; p++)
            {
                rollout(lateral, targetLane, s0, v0, a0, desired, p, nearStopS, 0);
            }
            if (lastLaneBlocked || 0 == lastValidCandidates)
            {
                final int keepValid = lastValidCandidates;
                final double keepCost = keepValid > 0 ? best.cost() : Double.POSITIVE_INFINITY;
                for (int side = 0; side < 2; side++)
                {
                    final int neighbour = 0 == side ? map.leftNeighbour(targetLane) : map.rightNeighbour(targetLane);
                    if (LaneMap.NO_LANE == neighbour)
                    {
                        continue;
                    }
                    locator.locate(map, neighbour, scene.egoX(), scene.egoY());
                    // Lanes run parallel over the horizon: the neighbour's centre sits where the ego's offsets put it.
                    final double centre = d0 - locator.lateral();
                    if (!isLaneChangeSafe(centre, s0, v0, Math.min(map.speedLimitMps(neighbour), context.maxSpeedMps())))
                    {
                        continue;
                    }
                    final double neighbourDesired = Math.min(map.speedLimitMps(neighbour), context.maxSpeedMps());
                    for (int option = 0; option < 2; option++)
                    {
                        final double time = 0 == option ? context.laneChangeTimeS() : context.laneChangeSlowTimeS();
                        final double length = Math.max(context.minLaneChangeDistanceM(), v0 * time);
                        lateral.set(s0, d0, slope, bend, centre, length);
                        for (int p = 0; p < 3; p++)
                        {
                            if (rollout(lateral, neighbour, s0, v0, a0, neighbourDesired, p, nearStopS,
                                context.laneChangePenalty()))
                            {
                                chosenNeighbour = neighbour;
                                chosenLength = length;
                            }
                        }
                    }
                }
                if (best.cost() >= keepCost)
                {
                    chosenNeighbour = LaneMap.NO_LANE;
                }
            }
            if (0 == lastValidCandidates)
            {
                // Every plan is refused because something is predicted to come at the ego. Standing, there is
                // nothing to brake: it holds where it is. Moving, it stops: hard only when a comfortable stop is not
                // enough, as for a time to collision under the threshold.
                // Creeping, what stands and is no person is the near field's to guard (see
                // CollisionChecker.ignoreUnestablished): refused by such boxes alone, the ego stops comfortably.
                isComfortStop = v0 > STANDING_MPS &&
                    (isCreep && isRefusedByStandingOnly || isComfortStopEnough(s0, v0, a0, desired, nearStopS));
                isEmergency = v0 > STANDING_MPS && !isComfortStop;
                isHold = !isEmergency;
            }
        }

        final Maneuver maneuver;
        final double targetSpeed;
        if (isEmergency || isProximityStop || isHold)
        {
            sampler.rolloutStop(scene, path, checker, keepPath, targetLane, s0, v0, a0, desired, context.timeGapS(),
                !isComfortStop, nearStopS, best);
            lastCandidates++;
            isEmergencyLatched = isEmergency;
            maneuver = isEmergency ? Maneuver.EMERGENCY_STOP : Maneuver.STOP;
            targetSpeed = 0;
        }
        else
        {
            isEmergencyLatched = false;
            if (LaneMap.NO_LANE != chosenNeighbour)
            {
                laneChangeManeuver = best.targetD() > d0 ? Maneuver.LANE_CHANGE_LEFT : Maneuver.LANE_CHANGE_RIGHT;
                locator.locate(map, chosenNeighbour, scene.egoX(), scene.egoY());
                laneChangeEndArc = locator.arc() + chosenLength;
                targetLane = chosenNeighbour;
                isLaneChangeActive = true;
            }
            if (isLaneChangeActive)
            {
                maneuver = laneChangeManeuver;
                targetSpeed = best.desiredSpeed();
            }
            else if (best.isLeadConstrained() && best.isLeadStopped() || best.speed(steps) < 0.1)
            {
                maneuver = Maneuver.STOP;
                targetSpeed = 0;
            }
            else if (isCreep)
            {
                maneuver = Maneuver.CREEP;
                targetSpeed = best.isLeadConstrained() ? Math.max(0, Math.min(desired, best.leadSpeed())) : desired;
            }
            else if (best.isLeadConstrained())
            {
                maneuver = Maneuver.FOLLOW;
                targetSpeed = Math.max(0, Math.min(desired, best.leadSpeed()));
            }
            else
            {
                maneuver = Maneuver.CRUISE;
                targetSpeed = best.desiredSpeed();
            }
        }
        lastManeuver = maneuver;
        lastTargetSpeed = targetSpeed;
    }

    /**
     * Rolls one profile out on a lateral path into the scratch candidate and keeps it if it is the cheapest valid
     * one so far (strictly cheaper: ties go to the earlier candidate).
     *
     * @return whether it became the best.
     */
    private boolean rollout(
        final LateralPath geometry,
        final int lane,
        final double s0,
        final double v0,
        final double a0,
        final double desired,
        final int profile,
        final double nearStopS,
        final double penalty)
    {
        sampler.rollout(scene, path, checker, geometry, lane, s0, v0, a0, desired, desired * profileSpeedFactor[profile],
            context.timeGapS() * profileGapFactor[profile], nearStopS, scratch);
        lastCandidates++;
        if (!scratch.isValid())
        {
            lastRejection = scratch.invalidReason();
            lastRejectionTrackId = scratch.collisionObject() >= 0 ? scene.trackId(scratch.collisionObject()) : -1;
            isRefusedByStandingOnly &=
                scratch.collisionObject() >= 0 && checker.isLeftToNearField(scratch.collisionObject());
            lastRejectionTimeS = scratch.collisionTimeS();
            return false;
        }
        lastValidCandidates++;
        scratch.addCost(penalty);
        if (scratch.cost() < best.cost())
        {
            final Candidate swap = best;
            best = scratch;
            scratch = swap;
            return true;
        }
        return false;
    }

    /**
     * Whether the lane is blocked: a lead that is not a pedestrian (people are waited for, not driven around),
     * slow, close enough, not queued behind other slow traffic, and the same track for the persistence time.
     */
    private boolean isBlocked(final int lead, final double gap, final double leadSpeed, final double v0)
    {
        final boolean isBlocker = lead >= 0 && !scene.isPedestrian(lead) && leadSpeed < context.blockedSpeedMps() &&
            gap < Math.max(context.blockedDistanceM(), v0 * context.blockedTimeS()) && !isQueued(lead);
        if (!isBlocker)
        {
            hasBlocker = false;
            return false;
        }
        if (!hasBlocker || scene.trackId(lead) != blockerTrackId)
        {
            hasBlocker = true;
            blockerTrackId = scene.trackId(lead);
            blockerSinceNs = scene.timeNs();
        }
        return (scene.timeNs() - blockerSinceNs) * 1e-9 >= context.blockedPersistenceS();
    }

    private boolean isQueued(final int lead)
    {
        final double front = scene.s(lead) + scene.halfAlong(lead);
        for (int j = 0, n = scene.count(); j < n; j++)
        {
            if (j == lead)
            {
                continue;
            }
            final double rear = scene.s(j) - scene.halfAlong(j);
            if (rear > scene.s(lead) && rear - front < context.queueGapM() &&
                Math.abs(scene.d(j) - scene.d(lead)) < scene.halfAcross(j) + scene.halfAcross(lead) &&
                scene.vs(j) < context.blockedSpeedMps() + 2.0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * MOBIL's safety criterion: the vehicle that would follow the ego in the target lane must not have to brake
     * harder than {@link PlannerContext#laneChangeSafeDecelerationMps2()}.
     */
    private boolean isLaneChangeSafe(final double centre, final double s0, final double v0, final double laneSpeed)
    {
        final double rear = s0 - context.egoRearOverhangM();
        for (int j = 0, n = scene.count(); j < n; j++)
        {
            if (scene.s(j) >= s0 || Math.abs(scene.d(j) - centre) >= scene.halfAcross(j) + corridorHalf)
            {
                continue;
            }
            final double gap = rear - (scene.s(j) + scene.halfAlong(j));
            final double speed = Math.max(0, scene.vs(j));
            final double braking = followerModel.acceleration(
                speed, Math.max(speed, laneSpeed), context.timeGapS(), gap, v0);
            if (gap <= 0 || braking < -context.laneChangeSafeDecelerationMps2())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The arc length of the nearest occupied grid cell in the ego's corridor within the near field ahead of its
     * front bumper (ultrasonic reach), or +infinity.
     */
    /**
     * Path arc length of the nearest stop line ahead of the ego's front on the committed lane whose signal demands a
     * stop and that the ego can still stop at within the comfort deceleration, or +infinity. A signal that turns
     * when the ego is too close to stop comfortably is passed, as a driver passes on amber.
     */
    private double signalStop(final LaneMap map, final double egoArc, final double v0)
    {
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < map.stopLineCount(); i++)
        {
            if (map.stopLineLane(i) != targetLane)
            {
                continue;
            }
            final double ahead = map.stopLineArcM(i) - egoArc - egoFront;
            if (ahead < 0 || v0 * v0 > 2 * context.comfortDecelerationMps2() * ahead ||
                !map.stopLineSignal(i).isStopRequired(scene.timeNs()))
            {
                continue;
            }
            // The path starts referenceBack behind the ego's arc on the committed lane.
            nearest = Math.min(nearest, map.stopLineArcM(i) - egoArc + context.referenceBackM());
        }
        return nearest;
    }

    /**
     * An emergency stop is for what braking within comfort cannot avoid. The comfortable stop is enough when:
     * <ul>
     * <li>it is clear of everything over the horizon (the checks with every object's uncertainty): at a creep it takes
     * under a second and half a metre, and a person stepping out of a bay two metres ahead needs no emergency;</li>
     * <li>it is touched only once the ego stands, and the hard stop is touched as well: braking hard buys nothing;</li>
     * <li>creeping, it stands before a contact no sooner than the emergency time to collision: the other has seconds
     * to see a standing car, and the hard stop would stand only centimetres shorter (a parked car's track predicted
     * to back out, 4.8 s away, which the hard stop just escapes);</li>
     * <li>creeping, what it touches is predicted to move and the hard stop is touched no later: the other's motion
     * closes the gap (a car backing out beside the ego), which braking does not keep off. Not what is predicted to
     * stand: then the ego's own motion closes the gap, and braking hard keeps it from driving on into it.</li>
     * </ul>
     * Uses {@code scratch} and {@code best}.
     */
    private boolean isComfortStopEnough(
        final double s0, final double v0, final double a0, final double desired, final double nearStopS)
    {
        sampler.rolloutStop(scene, path, checker, keepPath, targetLane, s0, v0, a0, desired, context.timeGapS(),
            false, nearStopS, scratch);
        lastCandidates++;
        if (scratch.isValid())
        {
            return true;
        }
        if (scratch.collisionTimeS() == Double.POSITIVE_INFINITY)
        {
            return false;
        }
        final boolean isCreeping = v0 <= context.parkingSpeedLimitMps();
        final boolean standsFirst = scratch.speed((int)Math.round(scratch.collisionTimeS() / dt)) < STANDING_MPS;
        final boolean isClosedByOther = isCreeping && scratch.collisionObject() >= 0 &&
            scene.isPredictedToMove(scratch.collisionObject());
        if (!standsFirst && !isClosedByOther)
        {
            return false;
        }
        if (standsFirst && isCreeping && scratch.collisionTimeS() >= context.emergencyTtcS())
        {
            return true;
        }
        sampler.rolloutStop(scene, path, checker, keepPath, targetLane, s0, v0, a0, desired,
            context.timeGapS(), true, nearStopS, best);
        lastCandidates++;
        return best.collisionTimeS() < Double.POSITIVE_INFINITY &&
            (standsFirst || best.collisionTimeS() <= scratch.collisionTimeS());
    }

    /**
     * Creeping (a garage's aisle), the box of an object standing, or of a vehicle moving away from the ego's path,
     * that reaches into the ego's corridor is cut back to where the occupancy grid has seen the ground free: a parked
     * car's box is the tracker's guess of its size and heading (a front face alone leaves both open), while the grid
     * has seen the aisle's floor between the cars and the ego. Only a face that trails: the grid cannot show floor
     * that an object coming towards the ego is about to cover. The inner face moves outwards in fifths of a cell
     * while every cell along the box at the face's new place is observed free (whole cells at a time stopped half a
     * cell short: a 0.5 m grid, car noses 0.9 m from the ego's side); anything the grid has not seen, or seen
     * occupied, keeps the box where it was.
     */
    private void clipToGrid(final double d0)
    {
        if (!scene.hasGrid())
        {
            return;
        }
        final double cell = scene.gridCellSizeM();
        for (int j = 0, n = scene.count(); j < n; j++)
        {
            final double side = scene.d(j) >= d0 ? 1.0 : -1.0;
            if (!scene.isStanding(j) && (scene.mayBePerson(j) || side * scene.vd(j) <= 0))
            {
                continue;
            }
            final double inner = scene.d(j) - side * scene.halfAcross(j);
            final double reach = side * (inner - d0);
            if (reach >= corridorHalf + cell)
            {
                continue;
            }
            final double halfAlong = scene.halfAlong(j);
            final double step = cell / CLIP_STEPS_PER_CELL;
            final int steps = (int)((2 * scene.halfAcross(j) - MIN_CLIPPED_EXTENT_M) / step);
            int cleared = 0;
            if (isRowFree(scene.s(j), halfAlong, inner, cell))
            {
                while (cleared < steps && isRowFree(scene.s(j), halfAlong, inner + side * (cleared + 1) * step, cell))
                {
                    cleared++;
                }
            }
            if (cleared > 0)
            {
                scene.cutAcross(j, side * cleared * step, path, point);
            }
        }
    }

    /**
     * Creeping (a garage's aisle), what lies wholly beyond every lane of the map (in the bays, behind the walls) moves
     * no faster than {@link #OFF_LANE_MAX_SPEED_MPS}, or {@link #OFF_LANE_MAX_PERSON_SPEED_MPS} if it may be a person:
     * off the aisle, the only vehicles that move are backing out of or turning into a bay. A faster track there is the
     * LiDAR's aliasing along a row of parked cars (identical pieces a bay apart taken for one object that jumps: 3 to
     * 11 m/s beside a 1.5 m/s ego), and at its speed it would be predicted across the aisle within the horizon. Once a
     * car is in the aisle, on a lane, its track's speed counts in full. Objects have a locator of their own: the ego's
     * keeps its place on the lanes from cycle to cycle.
     */
    private void capSpeedsOffLanes(final LaneMap map)
    {
        final double cos = scene.egoCos();
        final double sin = scene.egoSin();
        for (int j = 0, n = scene.count(); j < n; j++)
        {
            final double x = scene.egoX() + cos * scene.x(j) - sin * scene.y(j);
            final double y = scene.egoY() + sin * scene.x(j) + cos * scene.y(j);
            boolean isOnLane = false;
            for (int lane = 0; lane < map.laneCount() && !isOnLane; lane++)
            {
                objectLocator.locate(map, lane, x, y);
                isOnLane = Math.abs(objectLocator.lateral()) - scene.halfAcross(j) < 0.5 * map.widthM(lane);
            }
            if (!isOnLane)
            {
                scene.capSpeed(j, scene.mayBePerson(j) ? OFF_LANE_MAX_PERSON_SPEED_MPS : OFF_LANE_MAX_SPEED_MPS);
            }
        }
    }

    /**
     * Creeping, the ego keeps to the middle of the room its lane leaves between the things beside and ahead of it,
     * as a driver does in a garage's aisle, rather than to the lane's centre line: a parked car's nose or a pillar is
     * a metre or less from the body there, and a box a few tenths too big on that side would reach the corridor.
     * Never closer than {@link #CREEP_EDGE_MARGIN_M} to the lane's edge.
     *
     * @return the offset from the lane's centre to keep to, left positive.
     */
    private double creepOffset(final double laneWidth, final double s0)
    {
        final double room = 0.5 * (laneWidth - context.egoWidthM()) - CREEP_EDGE_MARGIN_M;
        if (room <= 0)
        {
            return 0;
        }
        final double rear = s0 - context.egoRearOverhangM();
        final double front = s0 + egoFront + CREEP_LOOKAHEAD_M;
        double right = Double.NEGATIVE_INFINITY;
        double left = Double.POSITIVE_INFINITY;
        for (int j = 0, n = scene.count(); j < n; j++)
        {
            final double inner = scene.d(j) - scene.halfAcross(j);
            final double outer = scene.d(j) + scene.halfAcross(j);
            if (checker.isIgnored(j) || scene.s(j) + scene.halfAlong(j) < rear || scene.s(j) - scene.halfAlong(j) > front ||
                inner <= -0.5 * laneWidth && outer >= 0.5 * laneWidth)
            {
                // Behind, beyond the look-ahead, or across the whole lane (an end wall): nothing to keep clear of
                // by moving over.
                continue;
            }
            if (scene.d(j) < 0)
            {
                right = Math.max(right, outer);
            }
            else
            {
                left = Math.min(left, inner);
            }
        }
        final double middle = 0.5 * (Math.min(left, laneWidth + room) + Math.max(right, -laneWidth - room));
        return Math.max(-room, Math.min(room, middle));
    }

    private boolean isRowFree(final double s, final double halfAlong, final double d, final double cell)
    {
        final int cells = (int)Math.ceil(2 * halfAlong / cell);
        for (int k = 0; k <= cells; k++)
        {
            path.pointAt(s - halfAlong + k * (2 * halfAlong / cells), d, point);
            if (scene.occupancyAt(point.x(), point.y()) > OBSERVED_FREE_OCCUPANCY)
            {
                return false;
            }
        }
        return true;
    }

    private double nearFieldStop(final double s0, final double d0)
    {
        if (!scene.hasGrid())
        {
            return Double.POSITIVE_INFINITY;
        }
        final double cell = scene.gridCellSizeM();
        final double start = s0 + egoFront;
        final int along = (int)Math.ceil(context.nearFieldRangeM() / cell);
        // The body's own width, no margin: a cell is coarse, and a margin reaches the whole next cell, the pillar
        // or parked car beside a garage's aisle, which the tracked objects and their clearances keep the ego from.
        final double bodyHalf = 0.5 * context.egoWidthM();
        final int across = (int)Math.ceil(2 * bodyHalf / cell);
        final int threshold = context.occupiedThreshold();
        for (int i = 0; i <= along; i++)
        {
            final double s = start + i * cell;
            for (int j = 0; j <= across; j++)
            {
                path.pointAt(s, d0 - bodyHalf + j * (2 * bodyHalf / across), point);
                if (scene.occupancyAt(point.x(), point.y()) >= threshold)
                {
                    return s;
                }
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private int encode(
        final Candidate trajectory,
        final long timeNs,
        final long worldModelSequence,
        final long newestCaptureTimeNs,
        final Maneuver maneuver,
        final double targetSpeed,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        final int length = write(trajectory, timeNs, trajectorySequence++, worldModelSequence, newestCaptureTimeNs,
            maneuver, targetSpeed, out, outOffset);
        previous.copyFrom(trajectory);
        previousTimeNs = timeNs;
        hasPrevious = true;
        hasWatchdogPrevious = false;
        return length;
    }

    private int write(
        final Candidate trajectory,
        final long timeNs,
        final long sequence,
        final long worldModelSequence,
        final long newestCaptureTimeNs,
        final Maneuver maneuver,
        final double targetSpeed,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        trajectoryEncoder.wrapAndApplyHeader(out, outOffset, headerEncoder)
            .timeNs(timeNs)
            .sequence(sequence)
            .worldModelSequence(worldModelSequence)
            .newestCaptureTimeNs(newestCaptureTimeNs)
            .maneuver(maneuver)
            .targetSpeedMps((float)targetSpeed);
        final TrajectoryEncoder.PointsEncoder points = trajectoryEncoder.pointsCount(steps);
        for (int k = 1; k <= steps; k++)
        {
            points.next()
                .tOffsetS((float)(k * dt))
                .x((float)trajectory.x(k))
                .y((float)trajectory.y(k))
                .yaw((float)StrictMath.atan2(trajectory.sinYaw(k), trajectory.cosYaw(k)))
                .speedMps((float)trajectory.speed(k))
                .accelerationMps2((float)trajectory.acceleration(k))
                .curvature((float)trajectory.curvature(k));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + trajectoryEncoder.encodedLength();
    }

    private void setState(final Candidate c, final int k, final double s, final double v, final double a, final double jerk)
    {
        c.setState(k, s, 0, s - context.referenceBackM(), 0, 1, 0, v, a, jerk, 0);
    }

    private double speedAt(final Candidate plan, final double tau)
    {
        final double u = Math.min(tau / dt, steps);
        final int i = Math.min((int)u, steps - 1);
        final double f = u - i;
        return plan.speed(i) + f * (plan.speed(i + 1) - plan.speed(i));
    }

    private double curvatureAt(final Candidate plan, final double tau)
    {
        final double u = Math.min(tau / dt, steps);
        final int i = Math.min((int)u, steps - 1);
        final double f = u - i;
        return plan.curvature(i) + f * (plan.curvature(i + 1) - plan.curvature(i));
    }

    /**
     * d''(s) that gives the ego's path the curvature it starts with: the Frenet relation of
     * {@code TrajectorySampler}'s pose, solved for the bend.
     */
    private double startBend(final double v0, final double d0, final double slope, final double referenceCurvature)
    {
        if (v0 < 0.5)
        {
            return 0;
        }
        final double oneMinus = 1 - referenceCurvature * d0;
        final double norm = Math.sqrt(oneMinus * oneMinus + slope * slope);
        final double cosDelta = oneMinus / norm;
        final double tanDelta = slope / oneMinus;
        final double curvature = Math.max(-context.maxCurvature(), Math.min(context.maxCurvature(), startCurvature));
        return (curvature * oneMinus / cosDelta - referenceCurvature) * oneMinus / (cosDelta * cosDelta) -
            referenceCurvature * slope * tanDelta;
    }

    private double accelerationAt(final Candidate plan, final double tau)
    {
        final double u = Math.min(tau / dt, steps);
        final int i = Math.min((int)u, steps - 1);
        final double f = u - i;
        return plan.acceleration(i) + f * (plan.acceleration(i + 1) - plan.acceleration(i));
    }
}
