package io.fusebox.planner.collision;

import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.scene.Scene;

/**
 * Clearance between the ego's footprint at a pose and every tracked object's footprint predicted to the
 * same step of the horizon (see {@link Scene#predict}). The ego is a row of discs covering its body plus a safety margin; an
 * object is its box, and, for the inflated clearance, its box grown by its position uncertainty.
 * Clearance is the smallest disc-to-box distance, negative when they overlap. Both come from one pass:
 * the nominal one says whether the footprints collide, the inflated one how much risk a candidate runs
 * (an uncertain object is a cost to keep away from, not a wall: a wall of uncertainty grown over five
 * seconds would close a neighbouring lane to traffic that is only passing). Objects following the ego
 * in its own lane are left out: braking cannot avoid them, and treating them as obstacles would make the
 * planner flee its own follower.
 */
public final class CollisionChecker
{
    private static final int DISCS = 4;

    private final double[] discOffset = new double[DISCS];
    private final double discRadius;
    private final double centreOffset;
    private final double egoRadius;
    private final double sigmas;
    private final double maxInflation;
    private final double interest;
    private final boolean[] ignored;
    private final boolean[] leftToNearField;
    private int closestObject = -1;
    private double nominalClearance = Double.POSITIVE_INFINITY;

    public CollisionChecker(final PlannerContext context)
    {
        final double length = context.egoLengthM();
        final double half = length / (2 * DISCS);
        for (int i = 0; i < DISCS; i++)
        {
            discOffset[i] = -context.egoRearOverhangM() + (2 * i + 1) * half;
        }
        final double halfWidth = 0.5 * context.egoWidthM();
        discRadius = Math.sqrt(half * half + halfWidth * halfWidth) + context.safetyMarginM();
        centreOffset = 0.5 * length - context.egoRearOverhangM();
        egoRadius = 0.5 * length + discRadius;
        sigmas = context.covarianceSigmas();
        maxInflation = context.maxInflationM();
        interest = context.safeDistanceM() + 0.5;
        ignored = new boolean[context.maxObjects()];
        leftToNearField = new boolean[context.maxObjects()];
    }

    /**
     * Marks the objects to leave out this cycle: those behind the ego whose footprint overlaps its lane corridor.
     *
     * @param egoS          the ego's (rear axle's) arc length on the reference path.
     * @param egoD          its offset.
     * @param corridorHalfM half width of the corridor.
     * @param rearOverhangM rear bumper behind the rear axle.
     */
    public void ignoreFollowers(
        final Scene scene, final double egoS, final double egoD, final double corridorHalfM, final double rearOverhangM)
    {
        final double rear = egoS - rearOverhangM;
        for (int i = 0; i < scene.count(); i++)
        {
            ignored[i] = scene.s(i) + scene.halfAlong(i) <= rear + 0.5 &&
                Math.abs(scene.d(i) - egoD) < corridorHalfM + scene.halfAcross(i);
            leftToNearField[i] = false;
        }
    }

    /**
     * Creeping (a garage's aisle), also leaves out the tracks whose velocity is not yet established, unless they may
     * be a person: beside the ego the roof LiDAR sees a different piece of a parked car's nose or a pillar every
     * sweep, and the young tracks those pieces make have boxes and velocities that are the tracker's guesses (across
     * the aisle, into the corridor, at metres a second). At a creep the occupancy grid's near field (the proximity
     * stop) guards what stands in the way, and the lead search still sees them; people, and boxes of no known class
     * small enough to be one, count at once: someone may step out. Not a young track whose box already overlaps the
     * ego's body, though: nothing stands inside the ego, so that box is a misplaced detection (a close person seen a
     * metre off by a fisheye), and what really stands that close the near field guards.
     * <p>
     * Nor is anything standing that is no person a threat of its own: it comes at the ego only as the ego drives at
     * it, and that the lead search (a stop behind it), the candidates (which still collide with it) and the near field
     * answer. Its box is the tracker's guess: a parked car's box turned a few tens of degrees by the LiDAR's changing
     * view of it reaches into the corridor beside the ego's front, and would stop the ego hard where nothing stands
     * (see {@link #clearance}'s {@code threatsOnly}).
     *
     * @param egoS          the ego's (rear axle's) arc length on the reference path.
     * @param egoD          its offset.
     * @param halfWidthM    half the ego's width.
     * @param frontM        front bumper ahead of the rear axle.
     * @param rearOverhangM rear bumper behind the rear axle.
     */
    public void ignoreUnestablished(
        final Scene scene,
        final double egoS,
        final double egoD,
        final double halfWidthM,
        final double frontM,
        final double rearOverhangM)
    {
        for (int i = 0; i < scene.count(); i++)
        {
            leftToNearField[i] = scene.isStanding(i) && !scene.mayBePerson(i);
            if (scene.velocityTrust(i) < 1.0)
            {
                final boolean isInsideEgo =
                    Math.abs(scene.d(i) - egoD) < halfWidthM + scene.halfAcross(i) &&
                    scene.s(i) + scene.halfAlong(i) > egoS - rearOverhangM &&
                    scene.s(i) - scene.halfAlong(i) < egoS + frontM;
                ignored[i] |= !scene.mayBePerson(i) || isInsideEgo;
            }
        }
    }

    /** @return whether creeping leaves the object to the near field (see {@link #ignoreUnestablished}). */
    public boolean isLeftToNearField(final int object)
    {
        return leftToNearField[object];
    }

    public boolean isIgnored(final int object)
    {
        return ignored[object];
    }

    /**
     * @return how much an object's footprint grows by time {@code t}: {@code sigmas} standard deviations of its
     * predicted position, capped.
     */
    public double inflation(final Scene scene, final int object, final double t)
    {
        if (0 == sigmas)
        {
            return 0;
        }
        final double variance = scene.positionVariance(object) + t * t * scene.velocityVariance(object);
        return variance > 0 ? Math.min(maxInflation, sigmas * Math.sqrt(variance)) : 0;
    }

    /**
     * @param k         step of the horizon, whose predicted object poses are used.
     * @param t         seconds after the world model's time (k steps), for the uncertainty's growth.
     * @param px        ego rear-axle position, vehicle frame of the world model.
     * @param py        ego rear-axle position.
     * @param cosYaw    ego heading.
     * @param sinYaw    ego heading.
     * @param inflate   whether objects grow with their uncertainty (not for time-to-collision).
     * @param stopBelow return as soon as a nominal clearance below this is found (the caller only needs to know
     *                  that there is a collision).
     * @param threatsOnly whether to leave out, too, what creeping leaves to the near field (see
     *                  {@link #ignoreUnestablished}): for the time to collision, not for the candidates.
     * @return the smallest clearance (inflated if asked), {@code Double.POSITIVE_INFINITY} when nothing is within
     * the safe distance (plus half a metre): farther clearances cost nothing, so far objects are culled by their
     * bounding circles. The nominal clearance is in {@link #nominalClearance()}.
     */
    public double clearance(
        final Scene scene,
        final int k,
        final double t,
        final double px,
        final double py,
        final double cosYaw,
        final double sinYaw,
        final boolean inflate,
        final double stopBelow,
        final boolean threatsOnly)
    {
        double best = Double.POSITIVE_INFINITY;
        double bestNominal = Double.POSITIVE_INFINITY;
        closestObject = -1;
        final double cx = px + centreOffset * cosYaw;
        final double cy = py + centreOffset * sinYaw;
        for (int j = 0, n = scene.count(); j < n; j++)
        {
            if (ignored[j] || threatsOnly && leftToNearField[j])
            {
                continue;
            }
            final double ox = scene.predictedX(j, k);
            final double oy = scene.predictedY(j, k);
            final double dx = ox - cx;
            final double dy = oy - cy;
            final double distanceSquared = dx * dx + dy * dy;
            // Most objects are far from most poses: culled first by the farthest their footprint can reach, without
            // working out their uncertainty's growth (a square root); the exact reach below is never larger.
            final double farthest = egoRadius + scene.radius(j) + (inflate ? maxInflation : 0) + interest;
            if (distanceSquared > farthest * farthest)
            {
                continue;
            }
            final double grow = inflate ? inflation(scene, j, t) : 0;
            final double reach = egoRadius + scene.radius(j) + grow + Math.max(0, Math.min(best, interest));
            if (distanceSquared > reach * reach)
            {
                continue;
            }
            final double oc = scene.predictedCos(j, k);
            final double os = scene.predictedSin(j, k);
            final double hl = scene.halfLength(j) + grow;
            final double hw = scene.halfWidth(j) + grow;
            for (int disc = 0; disc < DISCS; disc++)
            {
                final double ex = px + discOffset[disc] * cosYaw - ox;
                final double ey = py + discOffset[disc] * sinYaw - oy;
                final double u = Math.abs(ex * oc + ey * os) - hl;
                final double w = Math.abs(-ex * os + ey * oc) - hw;
                final double clearance = boxDistance(u, w) - discRadius;
                if (clearance < best)
                {
                    best = clearance;
                    closestObject = j;
                }
                final double nominal = grow > 0 ? boxDistance(u + grow, w + grow) - discRadius : clearance;
                if (nominal < bestNominal)
                {
                    bestNominal = nominal;
                    if (bestNominal < stopBelow)
                    {
                        nominalClearance = bestNominal;
                        return best;
                    }
                }
            }
        }
        nominalClearance = bestNominal;
        return best;
    }

    /** @return the smallest clearance to the objects' own footprints found by the last {@link #clearance} call. */
    public double nominalClearance()
    {
        return nominalClearance;
    }

    /**
     * @return distance from a point to a box given the point's excess over the half extents along the box's axes
     * (|along| - half length, |across| - half width); inside, minus the depth to the nearest face.
     */
    private static double boxDistance(final double u, final double w)
    {
        if (u > 0 || w > 0)
        {
            final double au = Math.max(u, 0);
            final double aw = Math.max(w, 0);
            return Math.sqrt(au * au + aw * aw);
        }
        return Math.max(u, w);
    }

    /** @return the object of the smallest clearance found by the last {@link #clearance} call, or -1. */
    public int closestObject()
    {
        return closestObject;
    }
}
