package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * A fused world model: tracks around the ego vehicle with their covariances, and the occupancy grid
 * centred on it (free near the road, occupied clusters, unknown beyond the sensors' reach).
 */
final class WorldModelFixture implements MessageFixture
{
    private static final int COVARIANCE_LENGTH = WorldModelEncoder.ObjectsEncoder.covarianceLength();
    private static final ObjectClass[] CLASSES = { ObjectClass.CAR, ObjectClass.CAR, ObjectClass.CAR,
        ObjectClass.TRUCK, ObjectClass.PEDESTRIAN, ObjectClass.CYCLIST, ObjectClass.STATIC_OBSTACLE };
    private static final TrackStatus[] STATUSES =
        { TrackStatus.CONFIRMED, TrackStatus.CONFIRMED, TrackStatus.CONFIRMED, TrackStatus.TENTATIVE, TrackStatus.COASTING };

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final WorldModelEncoder encoder = new WorldModelEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder decoder = new WorldModelDecoder();

    private final long timeNs;
    private final long contributingSensors;
    private final long missingSensors;
    private long sequence;

    private final int[] trackId;
    private final ObjectClass[] objectClass;
    private final TrackStatus[] status;
    private final float[] classConfidence;
    private final float[] existence;
    private final float[] x;
    private final float[] y;
    private final float[] vx;
    private final float[] vy;
    private final float[] yaw;
    private final float[] yawRate;
    private final float[] length;
    private final float[] width;
    private final float[] height;
    private final float[] covariance;
    private final long[] objectSensors;

    private final int gridCellsX;
    private final int gridCellsY;
    private final float gridCellSizeM;
    private final byte[] occupancy;
    /** Where a consumer keeps its copy of the grid: the subscription's buffer is reused after the handler returns. */
    private final byte[] occupancyCopy;

    WorldModelFixture(
        final int objectCount,
        final int gridCellsX,
        final int gridCellsY,
        final float gridCellSizeM,
        final int sensorCount,
        final long timeNs,
        final long seed)
    {
        this.timeNs = timeNs;
        this.contributingSensors = (1L << sensorCount) - 1 & ~(1L << 7);
        this.missingSensors = 1L << 7;
        this.gridCellsX = gridCellsX;
        this.gridCellsY = gridCellsY;
        this.gridCellSizeM = gridCellSizeM;

        trackId = new int[objectCount];
        objectClass = new ObjectClass[objectCount];
        status = new TrackStatus[objectCount];
        classConfidence = new float[objectCount];
        existence = new float[objectCount];
        x = new float[objectCount];
        y = new float[objectCount];
        vx = new float[objectCount];
        vy = new float[objectCount];
        yaw = new float[objectCount];
        yawRate = new float[objectCount];
        length = new float[objectCount];
        width = new float[objectCount];
        height = new float[objectCount];
        covariance = new float[objectCount * COVARIANCE_LENGTH];
        objectSensors = new long[objectCount];

        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < objectCount; i++)
        {
            final ObjectClass kind = CLASSES[random.nextInt(CLASSES.length)];
            final double speed = ObjectClass.STATIC_OBSTACLE == kind ? 0 : random.nextDouble() * 20;
            final double heading = (random.nextDouble() * 2 - 1) * Math.PI;
            trackId[i] = 1000 + i * 7;
            objectClass[i] = kind;
            status[i] = STATUSES[random.nextInt(STATUSES.length)];
            classConfidence[i] = (float)(0.5 + random.nextDouble() * 0.5);
            existence[i] = (float)(0.6 + random.nextDouble() * 0.4);
            x[i] = (float)(random.nextDouble() * 100 - 40);
            y[i] = (float)(random.nextDouble() * 30 - 15);
            vx[i] = (float)(speed * Math.cos(heading));
            vy[i] = (float)(speed * Math.sin(heading));
            yaw[i] = (float)heading;
            yawRate[i] = (float)(random.nextGaussian() * 0.05);
            length[i] = ObjectClass.TRUCK == kind ? 9.0f : ObjectClass.PEDESTRIAN == kind ? 0.6f : 4.5f;
            width[i] = ObjectClass.TRUCK == kind ? 2.5f : ObjectClass.PEDESTRIAN == kind ? 0.6f : 1.85f;
            height[i] = ObjectClass.TRUCK == kind ? 3.2f : 1.6f;
            final double positionVariance = 0.05 + random.nextDouble() * 0.5;
            final double velocityVariance = 0.2 + random.nextDouble() * 2;
            // Upper triangle of cov(x, y, vx, vy): xx xy xvx xvy yy yvx yvy vxvx vxvy vyvy.
            final float[] upper = {
                (float)positionVariance, 0.01f, 0.05f, 0.0f,
                (float)(positionVariance * 0.6), 0.0f, 0.03f,
                (float)velocityVariance, 0.02f,
                (float)(velocityVariance * 0.7) };
            System.arraycopy(upper, 0, covariance, i * COVARIANCE_LENGTH, COVARIANCE_LENGTH);
            objectSensors[i] = random.nextLong() & contributingSensors;
        }

        occupancy = new byte[gridCellsX * gridCellsY];
        occupancyCopy = new byte[occupancy.length];
        final double reachM = Math.min(gridCellsX, gridCellsY) * gridCellSizeM * 0.45;
        for (int row = 0; row < gridCellsY; row++)
        {
            for (int column = 0; column < gridCellsX; column++)
            {
                final double cellX = (column - gridCellsX / 2.0) * gridCellSizeM;
                final double cellY = (row - gridCellsY / 2.0) * gridCellSizeM;
                final int value;
                if (Math.hypot(cellX, cellY) > reachM)
                {
                    value = 128;
                }
                else if (random.nextInt(20) == 0)
                {
                    value = 200 + random.nextInt(56);
                }
                else
                {
                    value = random.nextInt(30);
                }
                occupancy[row * gridCellsX + column] = (byte)value;
            }
        }
    }

    /**
     * @return the consumer's copy of the grid, as the last decode left it.
     */
    byte[] occupancyCopy()
    {
        return occupancyCopy;
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .timeNs(timeNs)
            .sequence(sequence)
            .lastInputSequence(sequence * 143 + 142)
            .newestCaptureTimeNs(timeNs - 3_100_000)
            .contributingSensors(contributingSensors)
            .missingSensors(missingSensors)
            .egoX(1523.75 + sequence)
            .egoY(-312.5)
            .egoYaw(0.785f)
            .egoSpeedMps(13.89f)
            .egoYawRateRps(0.046f)
            .egoAccelerationMps2(-0.35f)
            .gridCellsX(gridCellsX)
            .gridCellsY(gridCellsY)
            .gridCellSizeM(gridCellSizeM);
        sequence++;

        final int count = trackId.length;
        final WorldModelEncoder.ObjectsEncoder objects = encoder.objectsCount(count);
        for (int i = 0; i < count; i++)
        {
            objects.next()
                .trackId(trackId[i])
                .objectClass(objectClass[i])
                .status(status[i])
                .classConfidence(classConfidence[i])
                .existence(existence[i])
                .x(x[i])
                .y(y[i])
                .vx(vx[i])
                .vy(vy[i])
                .yaw(yaw[i])
                .yawRate(yawRate[i])
                .length(length[i])
                .width(width[i])
                .height(height[i]);
            final int base = i * COVARIANCE_LENGTH;
            for (int c = 0; c < COVARIANCE_LENGTH; c++)
            {
                objects.covariance(c, covariance[base + c]);
            }
            objects.contributingSensors(objectSensors[i]);
        }
        encoder.putOccupancy(occupancy, 0, occupancy.length);

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, WorldModelDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        long checksum = decoder.timeNs() + decoder.sequence() + decoder.lastInputSequence() +
            decoder.newestCaptureTimeNs() + decoder.contributingSensors() + decoder.missingSensors();
        checksum += of(decoder.egoX(), 0) ^ of(decoder.egoY(), 32) ^ of(decoder.egoYaw(), 5) ^
            of(decoder.egoSpeedMps(), 15) ^ of(decoder.egoYawRateRps(), 25) ^ of(decoder.egoAccelerationMps2(), 35);
        final int cellsX = decoder.gridCellsX();
        final int cellsY = decoder.gridCellsY();
        checksum += of(cellsX, 0) ^ of(cellsY, 16) ^ of(decoder.gridCellSizeM(), 32);

        final WorldModelDecoder.ObjectsDecoder objects = decoder.objects();
        FragmentCheck.verifyGroup(decoder.limit(), objects.count(), objects.actingBlockLength(), offset + length);
        for (final WorldModelDecoder.ObjectsDecoder object : objects)
        {
            long item = of(object.trackId(), 0) ^ of(object.objectClass().value(), 32) ^ of(object.status().value(), 40) ^
                of(object.classConfidence(), 3) ^ of(object.existence(), 7) ^ of(object.x(), 11) ^
                of(object.y(), 15) ^ of(object.vx(), 19) ^ of(object.vy(), 23) ^ of(object.yaw(), 27) ^
                of(object.yawRate(), 31) ^ of(object.length(), 35) ^ of(object.width(), 39) ^
                of(object.height(), 43) ^ of(object.contributingSensors(), 47);
            for (int c = 0; c < COVARIANCE_LENGTH; c++)
            {
                item += of(object.covariance(c), c * 6);
            }
            checksum += item;
        }

        final int gridLength = decoder.occupancyLength();
        if (gridLength != cellsX * cellsY || gridLength > occupancyCopy.length)
        {
            throw new IllegalStateException("occupancy of " + gridLength + " bytes for a " + cellsX + "x" + cellsY + " grid");
        }
        // The copy lands in an array that outlives the call, so it cannot be dropped as dead.
        checksum += decoder.getOccupancy(occupancyCopy, 0, gridLength);
        FragmentCheck.verifyEnd(decoder.limit(), offset + length);

        return checksum;
    }
}
