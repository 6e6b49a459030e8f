package io.fusebox.sensors.message;

import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageGuardTest
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static Rig rig;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);

    @BeforeAll
    static void loadRig()
    {
        rig = RigLoader.loadDefault();
    }

    @Test
    void everySensorMessageOfEveryKindPasses()
    {
        final SyntheticRigSource source = new SyntheticRigSource(rig, 1_000_000_000L);
        final EnumSet<SensorKind> seen = EnumSet.noneOf(SensorKind.class);
        for (int n = 0; n < 5_000; n++)
        {
            final int sensorIndex = source.nextSensorIndex();
            final int length = source.encodeNext(buffer, 64);
            final int sensorId = rig.sensor(sensorIndex).id();
            assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 64, length));
            assertEquals(MalformedReason.OK, MessageGuard.validateSensorMessage(buffer, 64, length, sensorId));
            assertEquals(MalformedReason.OK, MessageGuard.validateSensorMessage(buffer, 64, length, -1));
            seen.add(rig.sensor(sensorIndex).kind());
        }
        assertEquals(EnumSet.range(SensorKind.CAMERA, SensorKind.VEHICLE_STATE), seen);
    }

    @Test
    void outputMessagesPass()
    {
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, encodeWorldModel(buffer, 0, 3, 16)));
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, encodeWorldModel(buffer, 0, 0, 0)));
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, encodeTrajectory(buffer, 0, 50)));
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, encodeSensorHealth(buffer, 0, 35)));
    }

    @Test
    void fusionInputPassesAndItsSensorMessageIsChecked()
    {
        final UnsafeBuffer inner = new UnsafeBuffer(new byte[64 * 1024]);
        final int innerLength = encodeCamera(inner, 0, 10);
        final int length = encodeFusionInput(buffer, 0, inner, innerLength);
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, length));

        // The envelope is sound but the embedded message's group is cut short.
        final int groupCountOffset = HEADER + CameraFrameDecoder.BLOCK_LENGTH + 2;
        inner.putShort(groupCountOffset, (short)500, ORDER);
        final int corrupt = encodeFusionInput(buffer, 0, inner, innerLength);
        assertEquals(MalformedReason.GROUP_PAST_BUFFER, MessageGuard.validate(buffer, 0, corrupt));

        // Only a sensor message may ride in a fusion input.
        final int worldModelLength = encodeWorldModel(inner, 0, 1, 4);
        final int nested = encodeFusionInput(buffer, 0, inner, worldModelLength);
        assertEquals(MalformedReason.NOT_A_SENSOR_MESSAGE, MessageGuard.validate(buffer, 0, nested));
    }

    @Test
    void shorterThanAHeader()
    {
        final int length = encodeCamera(buffer, 0, 10);
        assertTrue(length > HEADER);
        assertEquals(MalformedReason.TRUNCATED_HEADER, MessageGuard.validate(buffer, 0, 0));
        assertEquals(MalformedReason.TRUNCATED_HEADER, MessageGuard.validate(buffer, 0, HEADER - 1));
        assertEquals(MalformedReason.TRUNCATED_HEADER, MessageGuard.validate(buffer, -1, length));
        assertEquals(MalformedReason.TRUNCATED_HEADER, MessageGuard.validate(buffer, buffer.capacity() - 4, 64));
    }

    @Test
    void wrongSchemaId()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putShort(4, (short)(MessageHeaderDecoder.SCHEMA_ID + 1), ORDER);
        assertEquals(MalformedReason.WRONG_SCHEMA_ID, MessageGuard.validate(buffer, 0, length));
    }

    @Test
    void newerVersionIsRefused()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putShort(6, (short)(MessageHeaderDecoder.SCHEMA_VERSION + 1), ORDER);
        assertEquals(MalformedReason.NEWER_VERSION, MessageGuard.validate(buffer, 0, length));
    }

    @Test
    void unknownTemplate()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putShort(2, (short)99, ORDER);
        assertEquals(MalformedReason.UNKNOWN_TEMPLATE, MessageGuard.validate(buffer, 0, length));
        buffer.putShort(2, (short)0xFFFF, ORDER);
        assertEquals(MalformedReason.UNKNOWN_TEMPLATE, MessageGuard.validate(buffer, 0, length));
    }

    @Test
    void blockLengthTooShort()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putShort(0, (short)(CameraFrameDecoder.BLOCK_LENGTH - 1), ORDER);
        assertEquals(MalformedReason.BLOCK_LENGTH_TOO_SHORT, MessageGuard.validate(buffer, 0, length));
    }

    @Test
    void longerBlockOfTheSameVersionIsAccepted()
    {
        // SBE lets an encoder pad the block; decoders skip what they do not know via the acting block length.
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[4096]);
        final int plainLength = encodeCamera(plain, 0, 3);
        final int pad = 6;
        buffer.putBytes(0, plain, 0, HEADER + CameraFrameDecoder.BLOCK_LENGTH);
        buffer.setMemory(HEADER + CameraFrameDecoder.BLOCK_LENGTH, pad, (byte)0);
        buffer.putBytes(HEADER + CameraFrameDecoder.BLOCK_LENGTH + pad, plain, HEADER + CameraFrameDecoder.BLOCK_LENGTH,
            plainLength - HEADER - CameraFrameDecoder.BLOCK_LENGTH);
        buffer.putShort(0, (short)(CameraFrameDecoder.BLOCK_LENGTH + pad), ORDER);
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, plainLength + pad));
        assertEquals(MalformedReason.GROUP_PAST_BUFFER, MessageGuard.validate(buffer, 0, plainLength + pad - 5));
    }

    @Test
    void truncatedBody()
    {
        encodeCamera(buffer, 0, 10);
        assertEquals(MalformedReason.TRUNCATED_BODY,
            MessageGuard.validate(buffer, 0, HEADER + CameraFrameDecoder.BLOCK_LENGTH - 1));
        assertEquals(MalformedReason.TRUNCATED_BODY, MessageGuard.validate(buffer, 0, HEADER));
    }

    @Test
    void truncatedGroupHeader()
    {
        encodeCamera(buffer, 0, 10);
        assertEquals(MalformedReason.TRUNCATED_GROUP_HEADER,
            MessageGuard.validate(buffer, 0, HEADER + CameraFrameDecoder.BLOCK_LENGTH + 3));
    }

    @Test
    void groupBlockLengthTooShort()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putShort(HEADER + CameraFrameDecoder.BLOCK_LENGTH, (short)(CameraFrameDecoder.ObjectsDecoder.sbeBlockLength() - 1), ORDER);
        assertEquals(MalformedReason.GROUP_BLOCK_LENGTH_TOO_SHORT, MessageGuard.validate(buffer, 0, length));
    }

    @Test
    void groupPastTheBuffer()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putShort(HEADER + CameraFrameDecoder.BLOCK_LENGTH + 2, (short)0xFFFF, ORDER);
        assertEquals(MalformedReason.GROUP_PAST_BUFFER, MessageGuard.validate(buffer, 0, length));

        final int intact = encodeCamera(buffer, 0, 10);
        final int groupEnd = HEADER + CameraFrameDecoder.BLOCK_LENGTH + 4 + 10 * CameraFrameDecoder.ObjectsDecoder.sbeBlockLength();
        assertEquals(intact, groupEnd + 4);
        assertEquals(MalformedReason.GROUP_PAST_BUFFER, MessageGuard.validate(buffer, 0, groupEnd - 1));
    }

    @Test
    void truncatedVarDataHeader()
    {
        final int length = encodeCamera(buffer, 0, 10);
        assertEquals(MalformedReason.TRUNCATED_VAR_DATA_HEADER, MessageGuard.validate(buffer, 0, length - 1));
    }

    @Test
    void varDataPastTheBuffer()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putInt(length - 4, 1000, ORDER);
        assertEquals(MalformedReason.VAR_DATA_PAST_BUFFER, MessageGuard.validate(buffer, 0, length));
        buffer.putInt(length - 4, -1, ORDER);
        assertEquals(MalformedReason.VAR_DATA_PAST_BUFFER, MessageGuard.validate(buffer, 0, length));
        buffer.putInt(length - 4, 4, ORDER);
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, length + 4));
    }

    @Test
    void lengthBeyondTheBufferCountsAsMissing()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[600]);
        final int length = encodeCamera(small, 0, 10);
        assertEquals(MalformedReason.OK, MessageGuard.validate(small, 0, length));
        assertEquals(MalformedReason.OK, MessageGuard.validate(small, 0, Integer.MAX_VALUE));
        final UnsafeBuffer cut = new UnsafeBuffer(small, 0, length - 10);
        assertEquals(MalformedReason.GROUP_PAST_BUFFER, MessageGuard.validate(cut, 0, length));
    }

    @Test
    void onlySensorMessagesOnASensorStream()
    {
        final int length = encodeWorldModel(buffer, 0, 2, 4);
        assertEquals(MalformedReason.OK, MessageGuard.validate(buffer, 0, length));
        assertEquals(MalformedReason.NOT_A_SENSOR_MESSAGE, MessageGuard.validateSensorMessage(buffer, 0, length, -1));
    }

    @Test
    void sensorIdMustMatchTheStream()
    {
        final int length = encodeCamera(buffer, 0, 10);
        assertEquals(MalformedReason.OK, MessageGuard.validateSensorMessage(buffer, 0, length, 7));
        assertEquals(MalformedReason.SENSOR_ID_MISMATCH, MessageGuard.validateSensorMessage(buffer, 0, length, 8));
    }

    @Test
    void sequencesStartAtZero()
    {
        final int length = encodeCamera(buffer, 0, 10);
        buffer.putLong(HEADER + 8, -1, ORDER);
        assertEquals(MalformedReason.NEGATIVE_SEQUENCE, MessageGuard.validateSensorMessage(buffer, 0, length, 7));
        assertEquals(MalformedReason.NEGATIVE_SEQUENCE, MessageGuard.validateSensorMessage(buffer, 0, length, -1));
        buffer.putLong(HEADER + 8, 0, ORDER);
        assertEquals(MalformedReason.OK, MessageGuard.validateSensorMessage(buffer, 0, length, 7));
    }

    @Test
    void validatingAllocatesNothing()
    {
        final SyntheticRigSource source = new SyntheticRigSource(rig, 0);
        final int[] offsets = new int[64];
        final int[] lengths = new int[64];
        final UnsafeBuffer messages = new UnsafeBuffer(new byte[64 * 70 * 1024]);
        for (int i = 0; i < offsets.length; i++)
        {
            offsets[i] = i * 70 * 1024;
            lengths[i] = source.encodeNext(messages, offsets[i]);
        }
        final Runnable validateAll = () ->
        {
            for (int n = 0; n < 2_000; n++)
            {
                final int i = n & 63;
                if (MalformedReason.OK != MessageGuard.validate(messages, offsets[i], lengths[i]))
                {
                    throw new AssertionError("message " + i);
                }
            }
        };
        validateAll.run();
        assertEquals(0, allocatedBytes(validateAll));
    }

    static long allocatedBytes(final Runnable task)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        // The measurement itself may allocate once; the fewest of a few runs is the task's own.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            task.run();
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(threadId) - before);
        }
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long baseline = threads.getThreadAllocatedBytes(threadId) - before;
        return Math.max(0, fewest - baseline);
    }

    static int encodeCamera(final UnsafeBuffer buffer, final int offset, final int objects)
    {
        final CameraFrameEncoder encoder = new CameraFrameEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.stamp().captureTimeNs(123).sequence(4).sensorId(7);
        encoder.frameHandle(1).exposureNs(2);
        final CameraFrameEncoder.ObjectsEncoder group = encoder.objectsCount(objects);
        for (int i = 0; i < objects; i++)
        {
            group.next().confidence(0.5f);
        }
        encoder.putCompressedImage(new byte[0], 0, 0);
        return HEADER + encoder.encodedLength();
    }

    private static int encodeWorldModel(final UnsafeBuffer buffer, final int offset, final int objects, final int cells)
    {
        final WorldModelEncoder encoder = new WorldModelEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.timeNs(1).sequence(2).gridCellsX(cells).gridCellsY(1);
        final WorldModelEncoder.ObjectsEncoder group = encoder.objectsCount(objects);
        for (int i = 0; i < objects; i++)
        {
            group.next().trackId(i);
        }
        encoder.putOccupancy(new byte[cells], 0, cells);
        return HEADER + encoder.encodedLength();
    }

    private static int encodeTrajectory(final UnsafeBuffer buffer, final int offset, final int points)
    {
        final TrajectoryEncoder encoder = new TrajectoryEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.timeNs(1).sequence(2);
        final TrajectoryEncoder.PointsEncoder group = encoder.pointsCount(points);
        for (int i = 0; i < points; i++)
        {
            group.next().tOffsetS(i * 0.1f);
        }
        return HEADER + encoder.encodedLength();
    }

    private static int encodeSensorHealth(final UnsafeBuffer buffer, final int offset, final int sensors)
    {
        final SensorHealthEncoder encoder = new SensorHealthEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.timeNs(1);
        final SensorHealthEncoder.SensorsEncoder group = encoder.sensorsCount(sensors);
        for (int i = 0; i < sensors; i++)
        {
            group.next().sensorId(i);
        }
        return HEADER + encoder.encodedLength();
    }

    private static int encodeFusionInput(
        final UnsafeBuffer buffer, final int offset, final UnsafeBuffer inner, final int innerLength)
    {
        final FusionInputEncoder encoder = new FusionInputEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.globalSequence(0).receiveTimeNs(1).sourceStreamId(1001).putSensorMessage(inner, 0, innerLength);
        return HEADER + encoder.encodedLength();
    }
}
