package io.fusebox.sensors.velodyne;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes Velodyne data packets in the sensor's own layout (see {@link VelodynePacket}): what a sensor
 * emulator, a packet replayer or a test sends to the gateway. Starts a packet with every block flagged
 * and every return empty; the caller fills in azimuths and returns.
 */
public final class VelodynePacketEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Starts a packet: all 12 blocks flagged 0xEEFF at azimuth 0 with no returns.
     *
     * @return this.
     */
    public VelodynePacketEncoder wrap(
        final MutableDirectBuffer buffer,
        final int offset,
        final VelodyneModel model,
        final int returnMode,
        final long gpsTimestampUs)
    {
        this.buffer = buffer;
        this.offset = offset;
        buffer.setMemory(offset, VelodynePacket.LENGTH, (byte)0);
        for (int block = 0; block < VelodynePacket.BLOCK_COUNT; block++)
        {
            buffer.putShort(offset + block * VelodynePacket.BLOCK_LENGTH, (short)VelodynePacket.BLOCK_FLAG, ByteOrder.LITTLE_ENDIAN);
        }
        buffer.putInt(offset + VelodynePacket.GPS_TIMESTAMP_OFFSET, (int)gpsTimestampUs, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(offset + VelodynePacket.RETURN_MODE_OFFSET, (byte)returnMode);
        buffer.putByte(offset + VelodynePacket.PRODUCT_ID_OFFSET, (byte)model.productId());
        return this;
    }

    /**
     * @param azimuth hundredths of a degree, clockwise from straight ahead.
     */
    public VelodynePacketEncoder azimuth(final int block, final int azimuth)
    {
        buffer.putShort(offset + block * VelodynePacket.BLOCK_LENGTH + 2, (short)azimuth, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param distance in units of {@link VelodynePacket#DISTANCE_UNIT_M}; 0 for no echo.
     */
    public VelodynePacketEncoder putReturn(final int block, final int channel, final int distance, final int intensity)
    {
        final int returnOffset = offset + block * VelodynePacket.BLOCK_LENGTH + 4 + channel * VelodynePacket.RETURN_LENGTH;
        buffer.putShort(returnOffset, (short)distance, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(returnOffset + 2, (byte)intensity);
        return this;
    }

    /**
     * @return the packet's length, always {@link VelodynePacket#LENGTH}.
     */
    public int encodedLength()
    {
        return VelodynePacket.LENGTH;
    }
}
