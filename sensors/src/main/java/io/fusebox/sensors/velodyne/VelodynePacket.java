package io.fusebox.sensors.velodyne;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over one Velodyne data packet, the 1206-byte UDP payload: 12 blocks of {flag 0xEEFF, azimuth
 * in 0.01°, 32 returns of (distance in 2 mm units, intensity)}, then the GPS timestamp (µs past the top of
 * the hour, of the packet's first firing) and two factory bytes (return mode, product id). Little-endian
 * throughout. {@link #wrap} checks everything the accessors rely on, so a caller trusts a
 * {@link VelodynePacketStatus#VALID} packet and drops any other.
 */
public final class VelodynePacket
{
    public static final int LENGTH = 1206;
    public static final int BLOCK_COUNT = 12;
    public static final int RETURNS_PER_BLOCK = 32;
    public static final int RETURN_LENGTH = 3;
    public static final int BLOCK_LENGTH = 4 + RETURNS_PER_BLOCK * RETURN_LENGTH;
    public static final int BLOCK_FLAG = 0xEEFF;
    public static final int GPS_TIMESTAMP_OFFSET = BLOCK_COUNT * BLOCK_LENGTH;
    public static final int RETURN_MODE_OFFSET = GPS_TIMESTAMP_OFFSET + 4;
    public static final int PRODUCT_ID_OFFSET = RETURN_MODE_OFFSET + 1;

    public static final int RETURN_MODE_STRONGEST = 0x37;
    public static final int RETURN_MODE_LAST = 0x38;
    public static final int RETURN_MODE_DUAL = 0x39;

    /** Azimuth units in a full turn: the packet gives hundredths of a degree. */
    public static final int AZIMUTH_UNITS_PER_TURN = 36_000;

    /** Distance unit of the HDL-32E and VLP-16, metres. */
    public static final float DISTANCE_UNIT_M = 0.002f;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wraps and validates a datagram's payload.
     *
     * @param model the product the packet must come from.
     * @return {@link VelodynePacketStatus#VALID}, or the first reason to drop it.
     */
    public VelodynePacketStatus wrap(final DirectBuffer buffer, final int offset, final int length, final VelodyneModel model)
    {
        this.buffer = buffer;
        this.offset = offset;
        if (length < LENGTH)
        {
            return VelodynePacketStatus.SHORT;
        }
        if (length > LENGTH)
        {
            return VelodynePacketStatus.LONG;
        }
        for (int block = 0; block < BLOCK_COUNT; block++)
        {
            final int blockOffset = offset + block * BLOCK_LENGTH;
            if ((buffer.getShort(blockOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) != BLOCK_FLAG)
            {
                return VelodynePacketStatus.BAD_BLOCK_FLAG;
            }
            if ((buffer.getShort(blockOffset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) >= AZIMUTH_UNITS_PER_TURN)
            {
                return VelodynePacketStatus.BAD_AZIMUTH;
            }
        }
        if (productId() != model.productId())
        {
            return VelodynePacketStatus.WRONG_PRODUCT;
        }
        final int returnMode = returnMode();
        if (returnMode != RETURN_MODE_STRONGEST && returnMode != RETURN_MODE_LAST && returnMode != RETURN_MODE_DUAL)
        {
            return VelodynePacketStatus.UNKNOWN_RETURN_MODE;
        }
        return VelodynePacketStatus.VALID;
    }

    /**
     * @return the block's azimuth in hundredths of a degree, clockwise seen from above, 0 straight ahead.
     */
    public int azimuth(final int block)
    {
        return buffer.getShort(offset + block * BLOCK_LENGTH + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @return the return's distance in units of {@link #DISTANCE_UNIT_M}; 0 when the laser saw nothing.
     */
    public int distance(final int block, final int channel)
    {
        return buffer.getShort(returnOffset(block, channel), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public int intensity(final int block, final int channel)
    {
        return buffer.getByte(returnOffset(block, channel) + 2) & 0xFF;
    }

    /**
     * @return microseconds past the top of the hour at the packet's first firing.
     */
    public long gpsTimestampUs()
    {
        return buffer.getInt(offset + GPS_TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    public int returnMode()
    {
        return buffer.getByte(offset + RETURN_MODE_OFFSET) & 0xFF;
    }

    public int productId()
    {
        return buffer.getByte(offset + PRODUCT_ID_OFFSET) & 0xFF;
    }

    private int returnOffset(final int block, final int channel)
    {
        return offset + block * BLOCK_LENGTH + 4 + channel * RETURN_LENGTH;
    }
}
