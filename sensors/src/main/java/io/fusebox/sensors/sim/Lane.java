package io.fusebox.sensors.sim;

/**
 * A lane of a road: a centreline at a constant lateral offset from the road's reference line, driven
 * along (+1) or against (-1) the reference direction.
 *
 * @param offsetM  lateral offset of the centreline, left of the reference line positive.
 * @param direction +1 when traffic moves with increasing s, -1 against.
 */
record Lane(Road road, int index, double offsetM, double widthM, int direction, double speedLimitMps, LaneKind kind)
{
    enum LaneKind
    {
        DRIVING,
        BIKE,
        PARKING,
        SIDEWALK
    }

    /**
     * Centreline point at reference arc length {@code s}, heading in the direction of travel.
     */
    void centre(final double s, final RoadPoint out)
    {
        road.point(s, offsetM, out);
        if (direction < 0)
        {
            out.heading = Angles.wrap(out.heading + Math.PI);
            out.cosHeading = -out.cosHeading;
            out.sinHeading = -out.sinHeading;
        }
    }

    public String toString()
    {
        return road.name() + "/lane" + index;
    }
}
