package io.fusebox.runtime.planning;

import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.sim.GroundTruth;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the simulator's ground truth as a world model: a stand-in for fusion with perfect perception.
 * Objects in the ego's vehicle frame, exact, with a small position covariance, and a small velocity covariance
 * for what moves (perfect perception knows a parked car stands); structures (walls, pillars) as static
 * obstacles; only what lies within range.
 */
final class GroundTruthWorldModel
{
    private static final byte[] NO_GRID = new byte[0];
    private static final float POSITION_VARIANCE = 0.01f;
    private static final float VELOCITY_VARIANCE = 0.01f;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final WorldModelEncoder encoder = new WorldModelEncoder();
    private final double rangeM;
    private final int[] inRange = new int[4096];
    private long sequence;

    GroundTruthWorldModel(final double rangeM)
    {
        this.rangeM = rangeM;
    }

    /**
     * @param timeNs message time of the truth (clock base plus simulation time).
     * @return the encoded length.
     */
    int encode(final GroundTruth truth, final long timeNs, final MutableDirectBuffer buffer, final int offset)
    {
        int count = 0;
        for (int i = 0; i < truth.actorCount(); i++)
        {
            final double x = truth.vehicleX(i);
            final double y = truth.vehicleY(i);
            final double reach = rangeM + 0.5 * truth.length(i);
            if (x * x + y * y <= reach * reach)
            {
                inRange[count++] = i;
            }
        }
        encoder.wrapAndApplyHeader(buffer, offset, header)
            .timeNs(timeNs)
            .sequence(sequence++)
            .lastInputSequence(sequence)
            .newestCaptureTimeNs(timeNs)
            .contributingSensors(1)
            .missingSensors(0)
            .egoX(truth.egoX())
            .egoY(truth.egoY())
            .egoYaw((float)truth.egoYaw())
            .egoSpeedMps((float)truth.egoSpeed())
            .egoYawRateRps((float)truth.egoYawRate())
            .egoAccelerationMps2((float)truth.egoAcceleration())
            .gridCellsX(0)
            .gridCellsY(0)
            .gridCellSizeM(0);
        final WorldModelEncoder.ObjectsEncoder objects = encoder.objectsCount(count);
        for (int k = 0; k < count; k++)
        {
            final int i = inRange[k];
            objects.next()
                .trackId(truth.actorId(i))
                .objectClass(truth.objectClass(i))
                .status(TrackStatus.CONFIRMED)
                .classConfidence(1)
                .existence(1)
                .x((float)truth.vehicleX(i))
                .y((float)truth.vehicleY(i))
                .vx((float)truth.vehicleVx(i))
                .vy((float)truth.vehicleVy(i))
                .yaw((float)truth.vehicleYaw(i))
                .yawRate((float)truth.yawRate(i))
                .length((float)truth.length(i))
                .width((float)truth.width(i))
                .height((float)truth.height(i))
                .contributingSensors(1);
            for (int c = 0; c < 10; c++)
            {
                objects.covariance(c, 0);
            }
            objects.covariance(0, POSITION_VARIANCE);
            objects.covariance(4, POSITION_VARIANCE);
            final float velocityVariance = truth.speed(i) > 0.01 ? VELOCITY_VARIANCE : 0;
            objects.covariance(7, velocityVariance);
            objects.covariance(9, velocityVariance);
        }
        encoder.putOccupancy(NO_GRID, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
