package io.fusebox.planner;

import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes hand-built world models for tests: the ego's pose and state, then objects in its vehicle frame.
 */
final class WorldModelWriter
{
    static final int MAX_OBJECTS = 256;
    private static final byte[] NO_GRID = new byte[0];

    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final WorldModelEncoder encoder = new WorldModelEncoder();

    private long timeNs;
    private long sequence;
    private double egoX;
    private double egoY;
    private double egoYaw;
    private double egoSpeed;
    private double egoAcceleration;
    private int count;
    private final int[] ids = new int[MAX_OBJECTS];
    private final ObjectClass[] classes = new ObjectClass[MAX_OBJECTS];
    private final double[][] values = new double[MAX_OBJECTS][7];
    private final float[] positionVariance = new float[MAX_OBJECTS];
    private final float[] velocityVariance = new float[MAX_OBJECTS];
    private int gridCellsX;
    private int gridCellsY;
    private float gridCellSize;
    private byte[] grid;

    WorldModelWriter begin(final long timeNs, final long sequence, final double egoX, final double egoY,
        final double egoYaw, final double egoSpeed, final double egoAcceleration)
    {
        this.timeNs = timeNs;
        this.sequence = sequence;
        this.egoX = egoX;
        this.egoY = egoY;
        this.egoYaw = egoYaw;
        this.egoSpeed = egoSpeed;
        this.egoAcceleration = egoAcceleration;
        count = 0;
        grid = null;
        gridCellsX = 0;
        gridCellsY = 0;
        return this;
    }

    /** An object in the ego's vehicle frame. */
    WorldModelWriter object(final int id, final ObjectClass objectClass, final double x, final double y, final double vx,
        final double vy, final double yaw, final double length, final double width)
    {
        ids[count] = id;
        classes[count] = objectClass;
        values[count][0] = x;
        values[count][1] = y;
        values[count][2] = vx;
        values[count][3] = vy;
        values[count][4] = yaw;
        values[count][5] = length;
        values[count][6] = width;
        positionVariance[count] = 0.04f;
        velocityVariance[count] = 0.01f;
        count++;
        return this;
    }

    /** The last object's velocity variance on each axis, (m/s)^2: large for a young track. */
    WorldModelWriter velocityVariance(final double variance)
    {
        velocityVariance[count - 1] = (float)variance;
        return this;
    }

    WorldModelWriter car(final int id, final double x, final double y, final double vx)
    {
        return object(id, ObjectClass.CAR, x, y, vx, 0, 0, 4.6, 1.85);
    }

    WorldModelWriter grid(final int cellsX, final int cellsY, final float cellSize, final byte[] cells)
    {
        gridCellsX = cellsX;
        gridCellsY = cellsY;
        gridCellSize = cellSize;
        grid = cells;
        return this;
    }

    int finish()
    {
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .timeNs(timeNs)
            .sequence(sequence)
            .lastInputSequence(sequence * 10)
            .newestCaptureTimeNs(timeNs)
            .contributingSensors(1)
            .missingSensors(0)
            .egoX(egoX)
            .egoY(egoY)
            .egoYaw((float)egoYaw)
            .egoSpeedMps((float)egoSpeed)
            .egoYawRateRps(0)
            .egoAccelerationMps2((float)egoAcceleration)
            .gridCellsX(gridCellsX)
            .gridCellsY(gridCellsY)
            .gridCellSizeM(gridCellSize);
        final WorldModelEncoder.ObjectsEncoder objects = encoder.objectsCount(count);
        for (int i = 0; i < count; i++)
        {
            final double[] v = values[i];
            objects.next()
                .trackId(ids[i])
                .objectClass(classes[i])
                .status(TrackStatus.CONFIRMED)
                .classConfidence(0.9f)
                .existence(0.99f)
                .x((float)v[0])
                .y((float)v[1])
                .vx((float)v[2])
                .vy((float)v[3])
                .yaw((float)v[4])
                .yawRate(0)
                .length((float)v[5])
                .width((float)v[6])
                .height(1.5f)
                .contributingSensors(1);
            for (int c = 0; c < 10; c++)
            {
                objects.covariance(c, 0);
            }
            objects.covariance(0, positionVariance[i]);
            objects.covariance(4, positionVariance[i]);
            objects.covariance(7, velocityVariance[i]);
            objects.covariance(9, velocityVariance[i]);
        }
        if (null != grid)
        {
            encoder.putOccupancy(grid, 0, grid.length);
        }
        else
        {
            encoder.putOccupancy(NO_GRID, 0, 0);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
