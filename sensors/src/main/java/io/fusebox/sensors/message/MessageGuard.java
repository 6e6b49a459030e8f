package io.fusebox.sensors.message;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorStampDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Checks one encoded message before anyone trusts it: header, schema, version, template, block
 * lengths, and that every group and var-data element lies inside the message. Reads only headers
 * and lengths; never throws, never allocates, so it can sit on the sequencer's hot path and in
 * replay's scan of a torn or corrupt log alike.
 *
 * <p>Messages encoded by an older schema version pass when their block lengths cover what that
 * version carried; a newer version is refused, since this build could not replay it exactly.
 */
public final class MessageGuard
{
    /** Length of the SBE message header that opens every message. */
    public static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private static final ByteOrder ORDER = MessageHeaderDecoder.BYTE_ORDER;
    private static final int BLOCK_LENGTH_OFFSET = MessageHeaderDecoder.blockLengthEncodingOffset();
    private static final int TEMPLATE_ID_OFFSET = MessageHeaderDecoder.templateIdEncodingOffset();
    private static final int SCHEMA_ID_OFFSET = MessageHeaderDecoder.schemaIdEncodingOffset();
    private static final int VERSION_OFFSET = MessageHeaderDecoder.versionEncodingOffset();
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int GROUP_BLOCK_LENGTH_OFFSET = 0;
    private static final int GROUP_COUNT_OFFSET = 2;
    private static final int VAR_DATA_HEADER_LENGTH = 4;
    /** Every sensor message opens its block with the stamp; the sensor id sits at this offset in it. */
    private static final int SENSOR_ID_OFFSET = HEADER_LENGTH + SensorStampDecoder.sensorIdEncodingOffset();
    private static final int SEQUENCE_OFFSET = HEADER_LENGTH + SensorStampDecoder.sequenceEncodingOffset();

    private MessageGuard()
    {
    }

    /**
     * Validates any message of the schema. A fusion input's embedded message is validated too, and
     * must be a sensor message.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message as delivered; bytes past the buffer's capacity count as missing.
     * @return {@link MalformedReason#OK} or the first problem found.
     */
    public static MalformedReason validate(final DirectBuffer buffer, final int offset, final int length)
    {
        return check(buffer, offset, length, false);
    }

    /**
     * Validates a sensor message, that its stamp's sequence is not negative (so sequence arithmetic
     * downstream cannot overflow) and, when {@code expectedSensorId} is not negative, that its stamp
     * names that sensor: a message on the wrong stream is as untrustworthy as a corrupt one.
     *
     * @param expectedSensorId the sensor the stream belongs to, or -1 to accept any.
     * @return {@link MalformedReason#OK} or the first problem found.
     */
    public static MalformedReason validateSensorMessage(
        final DirectBuffer buffer, final int offset, final int length, final int expectedSensorId)
    {
        final MalformedReason reason = check(buffer, offset, length, true);
        if (MalformedReason.OK != reason)
        {
            return reason;
        }
        if (expectedSensorId >= 0 && (buffer.getShort(offset + SENSOR_ID_OFFSET, ORDER) & 0xFFFF) != expectedSensorId)
        {
            return MalformedReason.SENSOR_ID_MISMATCH;
        }
        if (buffer.getLong(offset + SEQUENCE_OFFSET, ORDER) < 0)
        {
            return MalformedReason.NEGATIVE_SEQUENCE;
        }
        return MalformedReason.OK;
    }

    /**
     * @return true when the template id names a sensor message of this schema (1..19 and declared).
     */
    public static boolean isSensorTemplate(final int templateId)
    {
        return MessageLayout.isSensorTemplate(templateId);
    }

    private static MalformedReason check(
        final DirectBuffer buffer, final int offset, final int length, final boolean sensorMessageOnly)
    {
        if (offset < 0 || length < HEADER_LENGTH || offset > buffer.capacity() - HEADER_LENGTH)
        {
            return MalformedReason.TRUNCATED_HEADER;
        }
        final long end = Math.min((long)offset + length, buffer.capacity());
        if (end - offset < HEADER_LENGTH)
        {
            return MalformedReason.TRUNCATED_HEADER;
        }

        if ((buffer.getShort(offset + SCHEMA_ID_OFFSET, ORDER) & 0xFFFF) != MessageLayout.SCHEMA_ID)
        {
            return MalformedReason.WRONG_SCHEMA_ID;
        }
        final int version = buffer.getShort(offset + VERSION_OFFSET, ORDER) & 0xFFFF;
        if (version > MessageLayout.SCHEMA_VERSION)
        {
            return MalformedReason.NEWER_VERSION;
        }
        final MessageLayout layout = MessageLayout.forTemplate(buffer.getShort(offset + TEMPLATE_ID_OFFSET, ORDER) & 0xFFFF);
        if (null == layout)
        {
            return MalformedReason.UNKNOWN_TEMPLATE;
        }
        if (sensorMessageOnly && !layout.isSensorMessage)
        {
            return MalformedReason.NOT_A_SENSOR_MESSAGE;
        }
        final int blockLength = buffer.getShort(offset + BLOCK_LENGTH_OFFSET, ORDER) & 0xFFFF;
        if (blockLength < layout.minBlockLengthByVersion[version])
        {
            return MalformedReason.BLOCK_LENGTH_TOO_SHORT;
        }

        long limit = (long)offset + HEADER_LENGTH + blockLength;
        if (limit > end)
        {
            return MalformedReason.TRUNCATED_BODY;
        }

        final byte[] partKinds = layout.partKinds;
        for (int i = 0; i < partKinds.length; i++)
        {
            if (layout.partSinceVersions[i] > version)
            {
                continue;
            }
            if (MessageLayout.GROUP == partKinds[i])
            {
                if (limit + GROUP_HEADER_LENGTH > end)
                {
                    return MalformedReason.TRUNCATED_GROUP_HEADER;
                }
                final int groupBlockLength = buffer.getShort((int)limit + GROUP_BLOCK_LENGTH_OFFSET, ORDER) & 0xFFFF;
                final int count = buffer.getShort((int)limit + GROUP_COUNT_OFFSET, ORDER) & 0xFFFF;
                if (groupBlockLength < layout.partMinBlockLengthByVersion[i][version])
                {
                    return MalformedReason.GROUP_BLOCK_LENGTH_TOO_SHORT;
                }
                limit += GROUP_HEADER_LENGTH + (long)count * groupBlockLength;
                if (limit > end)
                {
                    return MalformedReason.GROUP_PAST_BUFFER;
                }
            }
            else
            {
                if (limit + VAR_DATA_HEADER_LENGTH > end)
                {
                    return MalformedReason.TRUNCATED_VAR_DATA_HEADER;
                }
                final long dataLength = buffer.getInt((int)limit, ORDER) & 0xFFFF_FFFFL;
                final long dataOffset = limit + VAR_DATA_HEADER_LENGTH;
                limit = dataOffset + dataLength;
                if (limit > end)
                {
                    return MalformedReason.VAR_DATA_PAST_BUFFER;
                }
                if (MessageLayout.SENSOR_MESSAGE_VAR_DATA == partKinds[i])
                {
                    final MalformedReason inner = check(buffer, (int)dataOffset, (int)dataLength, true);
                    if (MalformedReason.OK != inner)
                    {
                        return inner;
                    }
                }
            }
        }

        return MalformedReason.OK;
    }
}
