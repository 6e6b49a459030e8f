package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.runtime.fusion.tracking.AssignmentSolver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.sim.GroundTruthView;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;

/**
 * Scores world models against the simulator's ground truth at the same instant, CLEAR-MOT style
 * (Bernardin and Stiefelhagen, 2008) with a distance criterion in the ground plane:
 * <ul>
 *     <li>Candidates are the world model's confirmed and coasting objects; truth is every actor.
 *     A pair matches when their centres, in the vehicle frame, are at most
 *     {@code matchDistanceM} apart. Last frame's pairs that still match are kept; the rest are
 *     assigned optimally by distance.</li>
 *     <li>Counted: actors (not walls or pillars) whose centre is within {@code rangeM} of the ego's
 *     rear axle and of which at least {@code minVisibleFraction} of the outline, seen from
 *     {@code viewpoint} (the roof LiDAR), is not hidden behind other actors' footprints. Missing a
 *     counted actor is a false negative; an unmatched object inside the range that is not on
 *     scenery is a false positive.</li>
 *     <li>Ignored (neither): hidden actors and those beyond the range, and the objects matching them;
 *     objects on walls and pillars (the LiDAR sees scenery as obstacles; truth does not list it as
 *     an object).</li>
 *     <li>An id switch is a counted actor matched to a different object than the one it was last
 *     matched to.</li>
 * </ul>
 * Position and velocity errors are taken over the counted matches: centre distance, and the
 * difference of velocities over the ground in vehicle axes. A tool, not a hot path: it allocates.
 */
public final class GroundTruthScorer
{
    private static final int MAX_OBJECTS = 1024;
    private static final int VISIBILITY_RAYS = 9;
    private static final double SCENERY_MARGIN_M = 1.0;

    private final double matchDistanceM;
    private final double rangeM;
    private final double minVisibleFraction;
    private final double viewpointX;
    private final double viewpointY;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder decoder = new WorldModelDecoder();
    private final AssignmentSolver solver = new AssignmentSolver(MAX_OBJECTS, MAX_OBJECTS);
    private final Int2IntHashMap lastMatch = new Int2IntHashMap(-1);

    private final int[] objectId = new int[MAX_OBJECTS];
    private final double[] objectX = new double[MAX_OBJECTS];
    private final double[] objectY = new double[MAX_OBJECTS];
    private final double[] objectVx = new double[MAX_OBJECTS];
    private final double[] objectVy = new double[MAX_OBJECTS];
    private final int[] objectMatch = new int[MAX_OBJECTS];

    private final double[] truthX = new double[MAX_OBJECTS];
    private final double[] truthY = new double[MAX_OBJECTS];
    private final double[] truthCos = new double[MAX_OBJECTS];
    private final double[] truthSin = new double[MAX_OBJECTS];
    private final double[] truthHalfLength = new double[MAX_OBJECTS];
    private final double[] truthHalfWidth = new double[MAX_OBJECTS];
    private final int[] truthIndex = new int[MAX_OBJECTS];
    private final boolean[] truthCounted = new boolean[MAX_OBJECTS];
    private final boolean[] truthScenery = new boolean[MAX_OBJECTS];
    private final int[] truthMatch = new int[MAX_OBJECTS];

    private long frames;
    private long groundTruth;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long idSwitches;
    private long ignored;
    private double positionSquares;
    private double velocitySquares;

    /**
     * @param matchDistanceM     largest centre distance of a match, m.
     * @param rangeM             actors farther from the ego count for nothing, m.
     * @param minVisibleFraction share of an actor's outline that must be in sight for it to count.
     * @param viewpointX         where visibility is judged from, vehicle frame, m.
     * @param viewpointY         vehicle frame, m.
     */
    public GroundTruthScorer(
        final double matchDistanceM,
        final double rangeM,
        final double minVisibleFraction,
        final double viewpointX,
        final double viewpointY)
    {
        this.matchDistanceM = matchDistanceM;
        this.rangeM = rangeM;
        this.minVisibleFraction = minVisibleFraction;
        this.viewpointX = viewpointX;
        this.viewpointY = viewpointY;
    }

    /**
     * Scores one world model against ground truth sampled at the world model's time.
     */
    public void score(final DirectBuffer buffer, final int offset, final GroundTruthView truth)
    {
        headerDecoder.wrap(buffer, offset);
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        frames++;

        int objects = 0;
        for (final WorldModelDecoder.ObjectsDecoder object : decoder.objects())
        {
            final TrackStatus status = object.status();
            if ((status == TrackStatus.CONFIRMED || status == TrackStatus.COASTING) && objects < MAX_OBJECTS)
            {
                objectId[objects] = object.trackId();
                objectX[objects] = object.x();
                objectY[objects] = object.y();
                objectVx[objects] = object.vx();
                objectVy[objects] = object.vy();
                objectMatch[objects] = -1;
                objects++;
            }
        }

        int truths = 0;
        final double reach = rangeM + 2.0 * matchDistanceM;
        for (int i = 0, n = truth.actorCount(); i < n && truths < MAX_OBJECTS; i++)
        {
            final double x = truth.vehicleX(i);
            final double y = truth.vehicleY(i);
            final double maxHalf = 0.5 * Math.max(truth.length(i), truth.width(i));
            if (Math.sqrt(x * x + y * y) - maxHalf > reach)
            {
                continue;
            }
            final double yaw = truth.vehicleYaw(i);
            truthX[truths] = x;
            truthY[truths] = y;
            truthCos[truths] = Math.cos(yaw);
            truthSin[truths] = Math.sin(yaw);
            truthHalfLength[truths] = 0.5 * truth.length(i);
            truthHalfWidth[truths] = 0.5 * truth.width(i);
            truthIndex[truths] = i;
            truthScenery[truths] = truth.isStructure(i);
            truthMatch[truths] = -1;
            truths++;
        }
        for (int t = 0; t < truths; t++)
        {
            truthCounted[t] = !truthScenery[t] && Math.hypot(truthX[t], truthY[t]) <= rangeM &&
                visibleFraction(t, truths) >= minVisibleFraction;
        }

        // Keep last frame's pairs that still hold, then assign the rest by distance.
        for (int t = 0; t < truths; t++)
        {
            if (truthScenery[t])
            {
                continue;
            }
            final int previous = lastMatch.get(truth.actorId(truthIndex[t]));
            if (previous < 0)
            {
                continue;
            }
            for (int o = 0; o < objects; o++)
            {
                if (objectId[o] == previous && objectMatch[o] < 0 && distance(t, o) <= matchDistanceM)
                {
                    truthMatch[t] = o;
                    objectMatch[o] = t;
                    break;
                }
            }
        }
        solver.reset(truths, objects);
        for (int t = 0; t < truths; t++)
        {
            if (truthScenery[t] || truthMatch[t] >= 0)
            {
                continue;
            }
            for (int o = 0; o < objects; o++)
            {
                final double d = distance(t, o);
                if (objectMatch[o] < 0 && d <= matchDistanceM)
                {
                    solver.cost(t, o, d);
                }
            }
        }
        solver.solve();
        for (int t = 0; t < truths; t++)
        {
            final int o = solver.columnForRow(t);
            if (o >= 0 && truthMatch[t] < 0)
            {
                truthMatch[t] = o;
                objectMatch[o] = t;
            }
        }

        for (int t = 0; t < truths; t++)
        {
            final int actorId = truth.actorId(truthIndex[t]);
            final int o = truthMatch[t];
            if (!truthCounted[t])
            {
                if (!truthScenery[t])
                {
                    ignored++;
                }
                if (o >= 0)
                {
                    lastMatch.put(actorId, objectId[o]);
                }
                continue;
            }
            groundTruth++;
            if (o < 0)
            {
                falseNegatives++;
                continue;
            }
            truePositives++;
            final int previous = lastMatch.get(actorId);
            if (previous >= 0 && previous != objectId[o])
            {
                idSwitches++;
            }
            lastMatch.put(actorId, objectId[o]);
            final double d = distance(t, o);
            positionSquares += d * d;
            final int i = truthIndex[t];
            final double dvx = objectVx[o] - truth.vehicleVx(i);
            final double dvy = objectVy[o] - truth.vehicleVy(i);
            velocitySquares += dvx * dvx + dvy * dvy;
        }
        for (int o = 0; o < objects; o++)
        {
            if (objectMatch[o] >= 0)
            {
                continue;
            }
            if (Math.hypot(objectX[o], objectY[o]) > rangeM || onScenery(o, truths))
            {
                ignored++;
                continue;
            }
            falsePositives++;
        }
    }

    public GroundTruthScore result()
    {
        return new GroundTruthScore(
            frames, groundTruth, truePositives, falsePositives, falseNegatives, idSwitches, ignored,
            0 == truePositives ? Double.NaN : Math.sqrt(positionSquares / truePositives),
            0 == truePositives ? Double.NaN : Math.sqrt(velocitySquares / truePositives));
    }

    private double distance(final int t, final int o)
    {
        return Math.hypot(truthX[t] - objectX[o], truthY[t] - objectY[o]);
    }

    private boolean onScenery(final int o, final int truths)
    {
        for (int t = 0; t < truths; t++)
        {
            if (truthScenery[t] && footprintDistance(t, objectX[o], objectY[o]) <= SCENERY_MARGIN_M)
            {
                return true;
            }
        }
        return false;
    }

    private double footprintDistance(final int t, final double x, final double y)
    {
        final double dx = x - truthX[t];
        final double dy = y - truthY[t];
        final double along = Math.abs(dx * truthCos[t] + dy * truthSin[t]) - truthHalfLength[t];
        final double across = Math.abs(-dx * truthSin[t] + dy * truthCos[t]) - truthHalfWidth[t];
        return Math.hypot(Math.max(0.0, along), Math.max(0.0, across));
    }

    /**
     * Share of rays from the viewpoint across actor t's outline that meet it before any other footprint.
     */
    private double visibleFraction(final int t, final int truths)
    {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        final double base = Math.atan2(truthY[t] - viewpointY, truthX[t] - viewpointX);
        for (int corner = 0; corner < 4; corner++)
        {
            final double sl = (corner & 1) == 0 ? -truthHalfLength[t] : truthHalfLength[t];
            final double sw = (corner & 2) == 0 ? -truthHalfWidth[t] : truthHalfWidth[t];
            final double cx = truthX[t] + sl * truthCos[t] - sw * truthSin[t] - viewpointX;
            final double cy = truthY[t] + sl * truthSin[t] + sw * truthCos[t] - viewpointY;
            double angle = Math.atan2(cy, cx) - base;
            angle = Math.atan2(Math.sin(angle), Math.cos(angle));
            low = Math.min(low, angle);
            high = Math.max(high, angle);
        }
        int own = 0;
        int visible = 0;
        for (int k = 0; k < VISIBILITY_RAYS; k++)
        {
            final double angle = base + low + (high - low) * (k + 0.5) / VISIBILITY_RAYS;
            final double dx = Math.cos(angle);
            final double dy = Math.sin(angle);
            final double hit = rayEntry(t, dx, dy);
            if (Double.isInfinite(hit))
            {
                continue;
            }
            own++;
            boolean hidden = false;
            for (int u = 0; u < truths && !hidden; u++)
            {
                hidden = u != t && rayEntry(u, dx, dy) < hit;
            }
            if (!hidden)
            {
                visible++;
            }
        }
        return 0 == own ? 1.0 : (double)visible / own;
    }

    /**
     * @return distance along the ray from the viewpoint where it enters footprint t, or +infinity.
     */
    private double rayEntry(final int t, final double dx, final double dy)
    {
        final double rx = viewpointX - truthX[t];
        final double ry = viewpointY - truthY[t];
        final double ox = rx * truthCos[t] + ry * truthSin[t];
        final double oy = -rx * truthSin[t] + ry * truthCos[t];
        final double ux = dx * truthCos[t] + dy * truthSin[t];
        final double uy = -dx * truthSin[t] + dy * truthCos[t];
        double near = 0.0;
        double far = Double.POSITIVE_INFINITY;
        if (Math.abs(ux) < 1e-12)
        {
            if (Math.abs(ox) > truthHalfLength[t])
            {
                return Double.POSITIVE_INFINITY;
            }
        }
        else
        {
            final double a = (-truthHalfLength[t] - ox) / ux;
            final double b = (truthHalfLength[t] - ox) / ux;
            near = Math.max(near, Math.min(a, b));
            far = Math.min(far, Math.max(a, b));
        }
        if (Math.abs(uy) < 1e-12)
        {
            if (Math.abs(oy) > truthHalfWidth[t])
            {
                return Double.POSITIVE_INFINITY;
            }
        }
        else
        {
            final double a = (-truthHalfWidth[t] - oy) / uy;
            final double b = (truthHalfWidth[t] - oy) / uy;
            near = Math.max(near, Math.min(a, b));
            far = Math.min(far, Math.max(a, b));
        }
        return near <= far ? near : Double.POSITIVE_INFINITY;
    }
}
