package io.fusebox.sensors.velodyne;

/**
 * What {@link VelodynePacket#wrap} found: a packet to decode, or why it must be dropped.
 */
public enum VelodynePacketStatus
{
    /** 1206 bytes, every block flagged, every azimuth in range, the expected product and a known return mode. */
    VALID,
    /** Fewer than 1206 bytes: a truncated datagram. */
    SHORT,
    /** More than 1206 bytes: not a data packet (a position packet is 512). */
    LONG,
    /** A block does not start with the 0xEEFF flag of lasers 0-31. */
    BAD_BLOCK_FLAG,
    /** A block's azimuth is 360.00° or more. */
    BAD_AZIMUTH,
    /** The factory bytes name another product than the one configured. */
    WRONG_PRODUCT,
    /** The factory bytes name no return mode (strongest 0x37, last 0x38, dual 0x39). */
    UNKNOWN_RETURN_MODE
}
