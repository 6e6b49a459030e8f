package io.fusebox.planner.sampling;

import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.behaviour.AccModel;
import io.fusebox.planner.collision.CollisionChecker;
import io.fusebox.planner.map.PathPoint;
import io.fusebox.planner.map.ReferencePath;
import io.fusebox.planner.scene.Scene;
import io.fusebox.sensors.codec.ObjectClass;

/**
 * Rolls one candidate out over the horizon: a {@link LateralPath} (the geometry) driven by a speed
 * profile (the timing). The profile is the ACC model run forward step by step against whatever the
 * path runs into (objects predicted at constant velocity, their lateral motion anticipated), clamped
 * to the comfort limits and jerk-limited, so every profile it makes is within limits by construction
 * and never overshoots into reverse as a stopping polynomial can. Each state is checked for
 * collision and scored: safety, comfort (acceleration, jerk, lateral acceleration), progress
 * (shortfall from the desired speed) and offset from the target.
 */
public final class TrajectorySampler
{
    /** Cost per (m/s^2)^2 s of lateral acceleration beyond the limit: far above anything else a candidate costs. */
    private static final double LIMIT_WEIGHT = 1000.0;
    /** A lead slower than this along the path, m/s, stands: the ego stops behind it (see {@link AccModel#stopBehind}). */
    private static final double STILL_MPS = 0.1;

    private final int steps;
    private final double dt;
    private final double horizon;
    private final AccModel acc;
    private final double maxAcceleration;
    private final double comfortDeceleration;
    private final double maxJerk;
    private final double emergencyDeceleration;
    private final double emergencyJerk;
    private final double maxLateralAcceleration;
    private final double maxCurvature;
    private final double egoFront;
    private final double corridorHalf;
    private final double anticipation;
    private final double anticipationMinSpeed;
    private final double safeDistance;
    private final double minSafeDistance;
    private final double safeDistanceTime;
    private final double safetyWeight;
    private final double accelerationWeight;
    private final double jerkWeight;
    private final double lateralAccelerationWeight;
    private final double progressWeight;
    private final double lateralOffsetWeight;

    private final PathPoint point = new PathPoint();
    private final int[] relevant;
    private int relevantCount;

    // Lead found by the last search.
    private double leadGap;
    private double leadSpeed;
    private int leadObject = -1;
    private boolean isLeadStill;

    // Pose of the last evaluated state.
    private double poseX;
    private double poseY;
    private double poseCos;
    private double poseSin;
    private double poseCurvature;
    private double poseStretch;

    public TrajectorySampler(final PlannerContext context)
    {
        steps = context.pointCount();
        dt = context.stepS();
        horizon = context.horizonS();
        acc = new AccModel(
            context.maxAccelerationMps2(), context.idmComfortDecelerationMps2(), context.minGapM(), context.accCoolness(),
            context.stopDecelerationMps2());
        maxAcceleration = context.maxAccelerationMps2();
        comfortDeceleration = context.comfortDecelerationMps2();
        maxJerk = context.maxJerkMps3();
        emergencyDeceleration = context.emergencyDecelerationMps2();
        emergencyJerk = context.emergencyJerkMps3();
        maxLateralAcceleration = context.maxLateralAccelerationMps2();
        maxCurvature = context.maxCurvature();
        egoFront = context.egoLengthM() - context.egoRearOverhangM();
        corridorHalf = 0.5 * context.egoWidthM() + context.corridorMarginM();
        anticipation = context.anticipationS();
        anticipationMinSpeed = context.anticipationMinLateralSpeedMps();
        safeDistance = context.safeDistanceM();
        minSafeDistance = context.minSafeDistanceM();
        safeDistanceTime = context.safeDistanceTimeS();
        safetyWeight = context.safetyWeight();
        accelerationWeight = context.accelerationWeight();
        jerkWeight = context.jerkWeight();
        lateralAccelerationWeight = context.lateralAccelerationWeight();
        progressWeight = context.progressWeight();
        lateralOffsetWeight = context.lateralOffsetWeight();
        relevant = new int[context.maxObjects()];
    }

    /**
     * Rolls out one candidate within the comfort limits (the ACC model), up to its first contact: a candidate that
     * touches anything, or steers tighter than the vehicle can, is invalid.
     *
     * @param lateral         the geometry, already set from the ego's offset.
     * @param targetLane      the lane this candidate ends in (recorded only).
     * @param startS          the ego's arc length on the reference path.
     * @param startSpeed      speed at the start.
     * @param startAccel      acceleration at the start.
     * @param laneSpeed       the speed progress is measured against (the lane's desired speed).
     * @param desiredSpeed    the profile's v0.
     * @param timeGapS        the profile's headway.
     * @param staticStopS     arc length of a standing obstacle the grid shows ahead, or +infinity.
     */
    public void rollout(
        final Scene scene,
        final ReferencePath path,
        final CollisionChecker checker,
        final LateralPath lateral,
        final int targetLane,
        final double startS,
        final double startSpeed,
        final double startAccel,
        final double laneSpeed,
        final double desiredSpeed,
        final double timeGapS,
        final double staticStopS,
        final Candidate out)
    {
        simulate(scene, path, checker, lateral, targetLane, startS, startSpeed, startAccel, laneSpeed, desiredSpeed,
            timeGapS, false, true, staticStopS, out);
    }

    /**
     * Rolls out a stop to the end of the horizon, through any contact: hard (the emergency deceleration) or within
     * the comfort limits (the ACC model with nowhere to go). The first contact's time is in
     * {@link Candidate#collisionTimeS()}; a comfortable stop that touches anything is invalid.
     */
    public void rolloutStop(
        final Scene scene,
        final ReferencePath path,
        final CollisionChecker checker,
        final LateralPath lateral,
        final int targetLane,
        final double startS,
        final double startSpeed,
        final double startAccel,
        final double laneSpeed,
        final double timeGapS,
        final boolean hard,
        final double staticStopS,
        final Candidate out)
    {
        simulate(scene, path, checker, lateral, targetLane, startS, startSpeed, startAccel, laneSpeed, 0, timeGapS, hard,
            false, staticStopS, out);
    }

    private void simulate(
        final Scene scene,
        final ReferencePath path,
        final CollisionChecker checker,
        final LateralPath lateral,
        final int targetLane,
        final double startS,
        final double startSpeed,
        final double startAccel,
        final double laneSpeed,
        final double desiredSpeed,
        final double timeGapS,
        final boolean emergency,
        final boolean endsWhenInvalid,
        final double staticStopS,
        final Candidate out)
    {
        out.isValid = true;
        out.invalidReason = null;
        out.collisionObject = -1;
        out.isEmergency = emergency;
        out.collisionTimeS = Double.POSITIVE_INFINITY;
        out.minClearance = Double.POSITIVE_INFINITY;
        out.targetD = lateral.targetD();
        out.targetLane = targetLane;
        out.desiredSpeed = emergency ? 0 : desiredSpeed;
        out.isLeadConstrained = false;
        out.isLeadStopped = false;
        out.leadSpeed = 0;
        out.cost = Double.POSITIVE_INFINITY;
        selectRelevant(scene, lateral, startS);

        double s = startS;
        double v = Math.max(0, startSpeed);
        double a = startAccel;
        evaluatePose(path, lateral, s);
        record(out, 0, s, lateral.d(), v, a, 0);

        double safety = 0;
        double accelerationSum = 0;
        double jerkSum = 0;
        double lateralSum = 0;
        double progressSum = 0;
        double offsetSum = 0;
        double limitSum = 0;
        final double down = emergency ? emergencyJerk : maxJerk;
        for (int k = 1; k <= steps; k++)
        {
            final double t0 = (k - 1) * dt;
            double wanted;
            if (emergency)
            {
                wanted = -emergencyDeceleration;
            }
            else
            {
                findLead(scene, lateral, s, v, t0);
                double gap = leadGap;
                double vLead = leadSpeed;
                boolean isStill = isLeadStill;
                final double staticGap = staticStopS - (s + egoFront);
                if (staticGap < gap)
                {
                    gap = staticGap;
                    vLead = 0;
                    isStill = true;
                }
                wanted = isStill ? acc.stopBehind(v, desiredSpeed, timeGapS, gap) :
                    acc.acceleration(v, desiredSpeed, timeGapS, gap, vLead);
                if (1 == k && gap < Double.POSITIVE_INFINITY)
                {
                    final double free = acc.acceleration(v, desiredSpeed, timeGapS, Double.POSITIVE_INFINITY, 0);
                    out.isLeadConstrained = wanted < free - 0.05;
                    out.leadSpeed = vLead;
                    out.isLeadStopped = Math.abs(vLead) < 0.5;
                }
                wanted = Math.max(-comfortDeceleration, Math.min(maxAcceleration, wanted));
            }
            // Ease off the brake as the car comes to rest, so it stops without a jerk: |a| <= sqrt(j v) takes the brake
            // off at half the jerk limit, which leaves the 0.1 s steps room to follow it into standstill.
            wanted = Math.max(wanted, -Math.sqrt(down * v));
            // Back from an emergency's braking the comfort jerk would hold the brake too long; release at once.
            final double up = a < -comfortDeceleration ? emergencyJerk : maxJerk;
            final double change = Math.max(-down * dt, Math.min(up * dt, wanted - a));
            double aNext = a + change;
            double vNext = v + aNext * dt;
            final double travelled;
            if (vNext <= 0)
            {
                travelled = aNext < 0 ? v * v / (-2 * aNext) : 0;
                vNext = 0;
                aNext = aNext < 0 ? Math.max(aNext, -v / dt) : aNext;
                if (v <= 0)
                {
                    aNext = 0;
                }
            }
            else
            {
                travelled = 0.5 * (v + vNext) * dt;
            }
            s += travelled / poseStretch;
            final double jerk = (aNext - a) / dt;
            v = vNext;
            a = aNext;

            evaluatePose(path, lateral, s);
            record(out, k, s, lateral.d(), v, a, jerk);

            final double lateralAcceleration = v * v * poseCurvature;
            if (!emergency && Math.abs(poseCurvature) > maxCurvature)
            {
                // The vehicle cannot steer that tight: a hard limit.
                invalidate(out, "curvature");
                if (endsWhenInvalid)
                {
                    return;
                }
            }
            final double lateralExcess = Math.abs(lateralAcceleration) - maxLateralAcceleration;
            if (lateralExcess > 0)
            {
                // A comfort limit: costly, not forbidden, so a late correction is never traded for an emergency stop.
                limitSum += lateralExcess * lateralExcess;
            }

            final double t = k * dt;
            final double clearance = checker.clearance(
                scene, k, t, poseX, poseY, poseCos, poseSin, true, emergency ? Double.NEGATIVE_INFINITY : 0, false);
            if (clearance < out.minClearance)
            {
                out.minClearance = clearance;
            }
            if (checker.nominalClearance() < 0)
            {
                if (out.collisionTimeS == Double.POSITIVE_INFINITY)
                {
                    out.collisionTimeS = t;
                    if (!emergency)
                    {
                        out.collisionObject = checker.closestObject();
                        invalidate(out, "collision");
                    }
                }
                if (endsWhenInvalid)
                {
                    return;
                }
            }
            final double margin = Math.min(safeDistance, minSafeDistance + safeDistanceTime * v);
            if (clearance < margin)
            {
                final double shortfall = margin - clearance;
                safety += shortfall * shortfall;
            }
            accelerationSum += a * a;
            jerkSum += jerk * jerk;
            lateralSum += lateralAcceleration * lateralAcceleration;
            final double shortfall = laneSpeed - v;
            progressSum += shortfall * shortfall;
            final double offset = lateral.d() - lateral.targetD();
            offsetSum += offset * offset;
        }
        out.cost = !out.isValid ? Double.POSITIVE_INFINITY :
            safetyWeight * safety * dt + LIMIT_WEIGHT * limitSum * dt + (accelerationWeight * accelerationSum +
            jerkWeight * jerkSum + lateralAccelerationWeight * lateralSum + progressWeight * progressSum +
            lateralOffsetWeight * offsetSum) / steps;
    }

    /**
     * Time to collision: the first time the ego, holding its speed on {@code lateral}, overlaps an object's
     * nominal (not inflated) predicted footprint.
     *
     * @return seconds, or {@code Double.POSITIVE_INFINITY} within the horizon.
     */
    public double timeToCollision(
        final Scene scene,
        final ReferencePath path,
        final CollisionChecker checker,
        final LateralPath lateral,
        final double startS,
        final double speed)
    {
        double s = startS;
        for (int k = 0; k <= steps; k++)
        {
            if (k > 0)
            {
                s += speed * dt / poseStretch;
            }
            evaluatePose(path, lateral, s);
            final double clearance = checker.clearance(scene, k, k * dt, poseX, poseY, poseCos, poseSin, false, 0, true);
            if (clearance < 0)
            {
                return k * dt;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * The object whose footprint is nearest the ego's lane corridor ahead at the start: its bumper gap and speed
     * along the path.
     *
     * @return the gap, or {@code Double.POSITIVE_INFINITY}; the speed is in {@link #leadSpeed()}.
     */
    public double leadAhead(final Scene scene, final LateralPath lateral, final double startS, final double startSpeed)
    {
        selectRelevant(scene, lateral, startS);
        findLead(scene, lateral, startS, startSpeed, 0);
        return leadGap;
    }

    public double leadSpeed()
    {
        return leadSpeed;
    }

    /** @return the scene index of the lead found by {@link #leadAhead}, or -1. */
    public int leadObject()
    {
        return leadObject;
    }

    /** @return how many objects the last rollout searched for leads. */
    public int relevantCount()
    {
        return relevantCount;
    }

    public double horizonS()
    {
        return horizon;
    }

    private void selectRelevant(final Scene scene, final LateralPath lateral, final double startS)
    {
        final double low = lateral.minD() - corridorHalf - 0.5;
        final double high = lateral.maxD() + corridorHalf + 0.5;
        final double reachTime = horizon + anticipation;
        int n = 0;
        for (int j = 0, count = scene.count(); j < count; j++)
        {
            final double vd = scene.predictedVd(j);
            double lo = scene.d(j) - scene.halfAcross(j);
            double hi = scene.d(j) + scene.halfAcross(j);
            if (vd > 0)
            {
                hi += vd * reachTime;
            }
            else
            {
                lo += vd * reachTime;
            }
            if (hi < low || lo > high)
            {
                continue;
            }
            if (scene.s(j) + Math.max(0, scene.vs(j)) * horizon <= startS)
            {
                continue;
            }
            relevant[n++] = j;
        }
        relevantCount = n;
    }

    private void findLead(
        final Scene scene, final LateralPath lateral, final double egoS, final double egoSpeed, final double t)
    {
        double bestGap = Double.POSITIVE_INFINITY;
        double bestSpeed = 0;
        int bestObject = -1;
        final double front = egoS + egoFront;
        for (int r = 0; r < relevantCount; r++)
        {
            final int j = relevant[r];
            final double sj = scene.s(j) + scene.vs(j) * t;
            if (sj <= egoS)
            {
                continue;
            }
            final double gap = sj - scene.halfAlong(j) - front;
            if (gap >= bestGap)
            {
                continue;
            }
            final double vd = scene.predictedVd(j);
            final double dj = scene.d(j) + vd * t;
            double lo = dj - scene.halfAcross(j);
            double hi = dj + scene.halfAcross(j);
            if (Math.abs(vd) > anticipationMinSpeed)
            {
                // Someone walking towards the road is where they will be when the ego gets there: braking for them
                // only once they are a couple of seconds from the lane comes too late to be comfortable.
                final double lookAhead = scene.objectClass(j) == ObjectClass.PEDESTRIAN.value() && egoSpeed > 0.5 ?
                    Math.max(anticipation, Math.min(horizon, gap / egoSpeed)) : anticipation;
                final double shift = vd * lookAhead;
                if (shift > 0)
                {
                    hi += shift;
                }
                else
                {
                    lo += shift;
                }
            }
            final double dp = lateral.offsetAt(sj);
            if (hi <= dp - corridorHalf || lo >= dp + corridorHalf)
            {
                continue;
            }
            bestGap = gap;
            bestSpeed = scene.vs(j);
            bestObject = j;
        }
        leadGap = bestGap;
        leadSpeed = bestSpeed;
        leadObject = bestObject;
        // Stands still and stays so: no person (who may step on or off the path at any moment), not moving across.
        isLeadStill = bestObject >= 0 && Math.abs(bestSpeed) < STILL_MPS && !scene.mayBePerson(bestObject) &&
            Math.abs(scene.predictedVd(bestObject)) <= anticipationMinSpeed;
    }

    /**
     * Pose of the rear axle at arc length s on the lateral path: position, heading, curvature (Werling et al.'s
     * Frenet-to-Cartesian relations, the reference curvature's derivative neglected), and the stretch of path
     * length over reference length.
     */
    private void evaluatePose(final ReferencePath path, final LateralPath lateral, final double s)
    {
        lateral.evaluate(s);
        final double d = lateral.d();
        final double slope = lateral.slope();
        path.pointAt(s, d, point);
        final double kr = point.curvature();
        final double oneMinus = 1 - kr * d;
        final double tc = point.tangentCos();
        final double ts = point.tangentSin();
        final double hx = oneMinus * tc - slope * ts;
        final double hy = oneMinus * ts + slope * tc;
        final double norm = Math.sqrt(hx * hx + hy * hy);
        poseX = point.x();
        poseY = point.y();
        poseCos = hx / norm;
        poseSin = hy / norm;
        final double cosDelta = oneMinus / norm;
        final double tanDelta = slope / oneMinus;
        poseCurvature = ((lateral.bend() + kr * slope * tanDelta) * cosDelta * cosDelta / oneMinus + kr) * cosDelta / oneMinus;
        poseStretch = norm;
    }

    private void record(
        final Candidate out, final int k, final double s, final double d, final double v, final double a, final double jerk)
    {
        out.s[k] = s;
        out.d[k] = d;
        out.x[k] = poseX;
        out.y[k] = poseY;
        out.cosYaw[k] = poseCos;
        out.sinYaw[k] = poseSin;
        out.speed[k] = v;
        out.acceleration[k] = a;
        out.jerk[k] = jerk;
        out.curvature[k] = poseCurvature;
    }

    private static void invalidate(final Candidate out, final String reason)
    {
        out.isValid = false;
        out.invalidReason = reason;
        out.cost = Double.POSITIVE_INFINITY;
    }
}
