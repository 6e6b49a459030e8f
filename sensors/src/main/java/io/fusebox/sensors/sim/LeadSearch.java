package io.fusebox.sensors.sim;

/**
 * What a driver must react to: the nearest body ahead (actor, or the ego for the others) whose
 * footprint overlaps the driver's corridor, now or within {@link #ANTICIPATION_S} at its lateral
 * speed (a pedestrian stepping out, a car cutting in), and the stop line of a signal that is not
 * green. Results are left in fields; scratch only, allocation-free.
 */
final class LeadSearch
{
    static final double ANTICIPATION_S = 3.0;
    private static final double AMBER_STOP_DECEL_MPS2 = 3.5;

    private final Actor[] actors;
    private final EgoVehicle ego;
    private final StopLine[] stopLines;
    private final RoadPoint point = new RoadPoint();

    /** Bumper-to-bumper gap to the lead found, infinite when none. */
    double leadGap;
    /** The lead's speed along the driver's direction of travel. */
    double leadSpeed;
    /** The stop line the driver has committed to pass on amber, NaN for none. */
    double stopCommitS;

    LeadSearch(final Actor[] actors, final EgoVehicle ego, final StopLine[] stopLines)
    {
        this.actors = actors;
        this.ego = ego;
        this.stopLines = stopLines;
    }

    /**
     * Finds the lead of a driver at reference arc length {@code s} on {@code road}, moving in
     * {@code direction}, whose corridor spans lateral offsets [dLow, dHigh].
     *
     * @param self the driving actor, or null when the ego drives.
     */
    void find(
        final Road road,
        final int direction,
        final double s,
        final double dLow,
        final double dHigh,
        final double halfLength,
        final double x,
        final double y,
        final double speed,
        final Actor self)
    {
        final double lookahead = 30 + 6 * speed;
        leadGap = Double.POSITIVE_INFINITY;
        leadSpeed = 0;
        for (final Actor other : actors)
        {
            if (other == self)
            {
                continue;
            }
            considerLead(road, direction, s, dLow, dHigh, halfLength, x, y, lookahead,
                other.x, other.y, other.cosYaw, other.sinYaw, other.vx, other.vy, other.halfLength, other.halfWidth,
                other.radius, other.isLaneDriven() && other.lane.road() == road, other.s, other.d);
        }
        if (null != self)
        {
            considerLead(road, direction, s, dLow, dHigh, halfLength, x, y, lookahead,
                ego.centreX(), ego.centreY(), ego.cosYaw, ego.sinYaw, ego.speed * ego.cosYaw, ego.speed * ego.sinYaw,
                ego.halfLength, ego.halfWidth, ego.radius, ego.lane.road() == road, ego.s, ego.d);
        }
    }

    private void considerLead(
        final Road road,
        final int direction,
        final double s,
        final double dLow,
        final double dHigh,
        final double halfLength,
        final double x,
        final double y,
        final double lookahead,
        final double ox,
        final double oy,
        final double cosYaw,
        final double sinYaw,
        final double vx,
        final double vy,
        final double otherHalfLength,
        final double otherHalfWidth,
        final double otherRadius,
        final boolean sameRoad,
        final double otherS,
        final double otherD)
    {
        final double dx = ox - x;
        final double dy = oy - y;
        final double reach = lookahead + halfLength + otherRadius;
        if (dx * dx + dy * dy > reach * reach)
        {
            return;
        }
        final RoadPoint p = point;
        final double os;
        final double od;
        if (sameRoad)
        {
            road.point(otherS, 0, p);
            os = otherS;
            od = otherD;
        }
        else
        {
            road.project(ox, oy, p);
            os = p.s;
            od = p.d;
        }
        final double ahead = direction * (os - s);
        if (ahead <= 0)
        {
            return;
        }
        final double relCos = Math.abs(cosYaw * p.cosHeading + sinYaw * p.sinHeading);
        final double relSin = Math.abs(sinYaw * p.cosHeading - cosYaw * p.sinHeading);
        final double along = relCos * otherHalfLength + relSin * otherHalfWidth;
        final double gap = ahead - halfLength - along;
        if (gap > lookahead || gap >= leadGap)
        {
            return;
        }
        final double lateral = relSin * otherHalfLength + relCos * otherHalfWidth;
        double low = od - lateral;
        double high = od + lateral;
        final double shift = (-vx * p.sinHeading + vy * p.cosHeading) * ANTICIPATION_S;
        if (shift > 0)
        {
            high += shift;
        }
        else
        {
            low += shift;
        }
        if (high < dLow || low > dHigh)
        {
            return;
        }
        leadGap = gap;
        leadSpeed = direction * (vx * p.cosHeading + vy * p.sinHeading);
    }

    /**
     * @return gap to the stop line this follower must stop at, or infinity; leaves in
     * {@link #stopCommitS} the stop line it has committed to pass on amber (NaN for none).
     */
    double stopLineGap(
        final Road road,
        final int direction,
        final double s,
        final double halfLength,
        final double speed,
        final double committedS,
        final double timeS)
    {
        stopCommitS = committedS;
        double best = Double.POSITIVE_INFINITY;
        final double lookahead = 30 + 6 * speed;
        for (final StopLine line : stopLines)
        {
            if (line.road() != road || line.direction() != direction)
            {
                continue;
            }
            final double gap = direction * (line.s() - s) - halfLength;
            if (gap < -0.5)
            {
                if (stopCommitS == line.s())
                {
                    stopCommitS = Double.NaN;
                }
                continue;
            }
            if (gap > lookahead || stopCommitS == line.s())
            {
                continue;
            }
            final int state = line.signal().state(timeS);
            if (state == SignalPlan.GREEN)
            {
                continue;
            }
            if (state == SignalPlan.AMBER && speed * speed / (2 * Math.max(gap, 0.1)) > AMBER_STOP_DECEL_MPS2)
            {
                stopCommitS = line.s();
                continue;
            }
            best = Math.min(best, gap);
        }
        return best;
    }
}
