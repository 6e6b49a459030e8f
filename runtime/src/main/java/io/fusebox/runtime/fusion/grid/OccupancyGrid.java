package io.fusebox.runtime.fusion.grid;

import io.fusebox.runtime.fusion.frames.EgoPose;
import org.agrona.MutableDirectBuffer;

/**
 * Free space around the ego as a log-odds occupancy grid, kept in the odometry frame (so evidence
 * from successive sweeps lands in the same cells however the ego moves) and re-centred on the ego
 * by whole cells when it has moved far enough. LiDAR ground returns are free evidence, obstacle
 * returns occupied evidence; ultrasonic cones clear the space up to their echo and mark the arc of
 * the echo. Evidence fades at every output, so a cell nothing has looked at for a while drifts back
 * to unknown rather than keeping a stale obstacle.
 *
 * <p>A world model carries the grid resampled into the vehicle frame at its time: gridCellsX by
 * gridCellsY bytes, row-major from the (-x, -y) corner (byte {@code iy * cellsX + ix} is the cell
 * centred at vehicle x = (ix + 0.5) * size - cellsX * size / 2, likewise y), each the occupancy
 * probability scaled to 0 (free) .. 255 (occupied), 128 unknown. Allocation-free after
 * construction; deterministic (no hashing, float arithmetic in a fixed order).
 */
public final class OccupancyGrid
{
    private static final float HIT = 0.85f;
    private static final float MISS = -0.4f;
    private static final float MAX_LOG_ODDS = 3.5f;
    private static final float MIN_LOG_ODDS = -2.0f;
    /** How many times slower free evidence fades than occupied: see {@link #fade()}. */
    static final int FREE_FADE_SLOWDOWN = 8;
    private static final int TABLE_STEPS_PER_UNIT = 32;

    private final double cellSizeM;
    private final double inverseCell;
    private final int outputCellsX;
    private final int outputCellsY;
    private final int side;
    private final int recentreCells;
    private final float fade;
    private final float freeFade;
    private float[] logOdds;
    private float[] scratch;
    private final byte[] probabilityTable;
    private final double[] columnCos;
    private final double[] columnSin;
    private final byte[] rowBytes;
    private long originX;
    private long originY;
    private boolean placed;
    private int fadesDue;

    /**
     * @param cellSizeM    edge of a cell, m.
     * @param outputCellsX cells along vehicle x in a world model.
     * @param outputCellsY cells along vehicle y in a world model.
     * @param fade         factor applied to every cell's log-odds at each output, in (0, 1].
     */
    public OccupancyGrid(final double cellSizeM, final int outputCellsX, final int outputCellsY, final double fade)
    {
        this.cellSizeM = cellSizeM;
        this.inverseCell = 1.0 / cellSizeM;
        this.outputCellsX = outputCellsX;
        this.outputCellsY = outputCellsY;
        this.fade = (float)fade;
        this.freeFade = (float)Math.pow(fade, 1.0 / FREE_FADE_SLOWDOWN);
        // Large enough that the rotated output window stays inside between re-centrings.
        final double halfDiagonal = 0.5 * Math.sqrt((double)outputCellsX * outputCellsX + (double)outputCellsY * outputCellsY);
        recentreCells = Math.max(4, (int)(halfDiagonal / 8));
        side = 2 * ((int)Math.ceil(halfDiagonal) + recentreCells + 2);
        logOdds = new float[side * side];
        scratch = new float[side * side];
        columnCos = new double[outputCellsX];
        columnSin = new double[outputCellsX];
        rowBytes = new byte[outputCellsX];
        final int entries = (int)((MAX_LOG_ODDS - MIN_LOG_ODDS) * TABLE_STEPS_PER_UNIT) + 1;
        probabilityTable = new byte[entries];
        for (int i = 0; i < entries; i++)
        {
            final double l = MIN_LOG_ODDS + (double)i / TABLE_STEPS_PER_UNIT;
            final double p = 1.0 / (1.0 + StrictMath.exp(-l));
            probabilityTable[i] = (byte)Math.round(255.0 * p);
        }
    }

    public double cellSizeM()
    {
        return cellSizeM;
    }

    public int outputCellsX()
    {
        return outputCellsX;
    }

    public int outputCellsY()
    {
        return outputCellsY;
    }

    /**
     * @return bytes of the grid in a world model.
     */
    public int outputLength()
    {
        return outputCellsX * outputCellsY;
    }

    /**
     * Keeps the ego near the middle of the stored grid, shifting the evidence by whole cells.
     */
    public void recentre(final double egoX, final double egoY)
    {
        final long cx = (long)Math.floor(egoX * inverseCell);
        final long cy = (long)Math.floor(egoY * inverseCell);
        final long wantX = cx - side / 2;
        final long wantY = cy - side / 2;
        if (!placed)
        {
            placed = true;
            originX = wantX;
            originY = wantY;
            return;
        }
        if (Math.abs(wantX - originX) <= recentreCells && Math.abs(wantY - originY) <= recentreCells)
        {
            return;
        }
        fadeIfDue();
        final int shiftX = (int)Math.max(-side, Math.min(side, wantX - originX));
        final int shiftY = (int)Math.max(-side, Math.min(side, wantY - originY));
        java.util.Arrays.fill(scratch, 0.0f);
        for (int iy = 0; iy < side; iy++)
        {
            final int fromY = iy + shiftY;
            if (fromY < 0 || fromY >= side)
            {
                continue;
            }
            for (int ix = 0; ix < side; ix++)
            {
                final int fromX = ix + shiftX;
                if (fromX >= 0 && fromX < side)
                {
                    scratch[iy * side + ix] = logOdds[fromY * side + fromX];
                }
            }
        }
        final float[] swap = logOdds;
        logOdds = scratch;
        scratch = swap;
        originX = wantX;
        originY = wantY;
    }

    /** Evidence that the cell holding odometry point (x, y) is free. */
    public void free(final double x, final double y)
    {
        add(x, y, MISS);
    }

    /** Evidence that the cell holding odometry point (x, y) is occupied. */
    public void hit(final double x, final double y)
    {
        add(x, y, HIT);
    }

    /**
     * An ultrasonic cone from (x, y) along heading: free up to the echo (or the full range when there
     * is none), occupied along the echo's arc where something already is, else all along it.
     */
    public void cone(
        final double x,
        final double y,
        final double heading,
        final double halfFov,
        final double distance,
        final boolean hasEcho,
        final double maxRange)
    {
        final double reach = hasEcho ? distance : maxRange;
        final int rays = 7;
        for (int k = 0; k < rays; k++)
        {
            final double angle = heading + halfFov * (2.0 * k / (rays - 1) - 1.0);
            final double c = StrictMath.cos(angle);
            final double s = StrictMath.sin(angle);
            for (double r = 0.5 * cellSizeM; r < reach - cellSizeM; r += cellSizeM)
            {
                free(x + r * c, y + r * s);
            }
        }
        if (hasEcho)
        {
            // The echo is the nearest surface somewhere on its arc, not all along it: where the arc crosses what is
            // already believed occupied (a pillar the LiDAR sees), that is the echo; only when nothing on it is, is
            // every cell of the arc a candidate. Otherwise a wide cone paints its arc across the free floor beside
            // the pillar, in front of the bumper.
            boolean isExplained = false;
            for (int k = 0; k < rays && !isExplained; k++)
            {
                final double angle = heading + halfFov * (2.0 * k / (rays - 1) - 1.0);
                isExplained = logOdds(x + distance * StrictMath.cos(angle), y + distance * StrictMath.sin(angle)) > 0.0f;
            }
            for (int k = 0; k < rays; k++)
            {
                final double angle = heading + halfFov * (2.0 * k / (rays - 1) - 1.0);
                final double hx = x + distance * StrictMath.cos(angle);
                final double hy = y + distance * StrictMath.sin(angle);
                if (!isExplained || logOdds(hx, hy) > 0.0f)
                {
                    hit(hx, hy);
                }
            }
        }
    }

    /**
     * Lets old evidence fade towards unknown; called once per world model. Free evidence fades
     * {@link #FREE_FADE_SLOWDOWN} times slower than occupied: what moves into a free cell shows at once (its hits
     * outweigh the free evidence within a few returns), while the floor beside a creeping ego, seen by the LiDAR only
     * while it lay metres ahead (the roof LiDAR cannot see the ground within 4 m) and by no ultrasonic between the side
     * sensors, stays known free until the ego is past it instead of going unknown within a second.
     *
     * <p>The pass over every cell is done when the grid is next read or changed, not now: called as a world model
     * goes out, it would otherwise hold the planner back for the time of that pass (about as long as {@link #write}
     * on two cores), where the next input can take it. What any caller sees is the same.
     */
    public void fade()
    {
        fadesDue++;
    }

    /**
     * @return the log-odds of occupancy of the cell holding odometry point (x, y), 0 when outside.
     */
    public float logOdds(final double x, final double y)
    {
        fadeIfDue();
        final int index = index(x, y);
        return index < 0 ? 0.0f : logOdds[index];
    }

    /**
     * Writes the output window around the ego, in its vehicle frame, as occupancy bytes.
     */
    public void write(final EgoPose pose, final MutableDirectBuffer buffer, final int offset)
    {
        fadeIfDue();
        final double halfX = 0.5 * outputCellsX * cellSizeM;
        final double halfY = 0.5 * outputCellsY * cellSizeM;
        final double c = pose.cos();
        final double s = pose.sin();
        final double poseX = pose.x();
        final double poseY = pose.y();
        // Each cell's odometry point is the same sum of the same products as computed cell by cell, so the bytes are
        // too; the products along a row are worked out once per world model, not once per cell.
        for (int ix = 0; ix < outputCellsX; ix++)
        {
            final double vx = (ix + 0.5) * cellSizeM - halfX;
            columnCos[ix] = c * vx;
            columnSin[ix] = s * vx;
        }
        final float[] cells = logOdds;
        final byte[] table = probabilityTable;
        final byte[] row = rowBytes;
        final int lastEntry = table.length - 1;
        int at = offset;
        for (int iy = 0; iy < outputCellsY; iy++)
        {
            final double vy = (iy + 0.5) * cellSizeM - halfY;
            final double sinVy = s * vy;
            final double cosVy = c * vy;
            for (int ix = 0; ix < outputCellsX; ix++)
            {
                final int index = index(poseX + columnCos[ix] - sinVy, poseY + columnSin[ix] + cosVy);
                final float l = index < 0 ? 0.0f : cells[index];
                final int entry = (int)((l - MIN_LOG_ODDS) * TABLE_STEPS_PER_UNIT + 0.5f);
                row[ix] = table[Math.max(0, Math.min(lastEntry, entry))];
            }
            buffer.putBytes(at, row, 0, outputCellsX);
            at += outputCellsX;
        }
    }

    private void add(final double x, final double y, final float evidence)
    {
        fadeIfDue();
        final int index = index(x, y);
        if (index >= 0)
        {
            final float l = logOdds[index] + evidence;
            logOdds[index] = Math.max(MIN_LOG_ODDS, Math.min(MAX_LOG_ODDS, l));
        }
    }

    private void fadeIfDue()
    {
        // One pass per fade asked for, in turn: the same arithmetic as each done when asked.
        for (; fadesDue > 0; fadesDue--)
        {
            final float[] cells = logOdds;
            final float occupiedFade = fade;
            final float freeFade = this.freeFade;
            for (int i = 0; i < cells.length; i++)
            {
                cells[i] *= cells[i] < 0.0f ? freeFade : occupiedFade;
            }
        }
    }

    private int index(final double x, final double y)
    {
        // In doubles, without long arithmetic (the output loop calls this for every cell): floor(a) - n is exact for
        // whole numbers under 2^53, and a NaN fails the range test.
        final double ix = Math.floor(x * inverseCell) - originX;
        final double iy = Math.floor(y * inverseCell) - originY;
        if (!placed || !(ix >= 0.0 && ix < side && iy >= 0.0 && iy < side))
        {
            return -1;
        }
        return (int)iy * side + (int)ix;
    }
}
