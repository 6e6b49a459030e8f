package io.fusebox.sensors.velodyne;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class VelodynePointsTest
{
    private static final float TOLERANCE_M = 1e-3f;

    private final VelodynePacket packet = new VelodynePacket();
    private final VelodynePacketEncoder encoder = new VelodynePacketEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);

    @Test
    void decodesARealHdl32ePacketToHandComputedPoints() throws IOException
    {
        final UnsafeBuffer real = new UnsafeBuffer(realHdl32ePacket());
        assertEquals(VelodynePacketStatus.VALID, packet.wrap(real, 0, real.capacity(), VelodyneModel.HDL_32E));
        assertEquals(757_034_951L, packet.gpsTimestampUs());
        assertEquals(VelodynePacket.RETURN_MODE_STRONGEST, packet.returnMode());

        final VelodynePoints points = new VelodynePoints(VelodyneModel.HDL_32E);
        // 384 returns, two of them without an echo (distance 0).
        assertEquals(382, points.decode(packet));

        // Block 0 at azimuth 22288 (222.88°). Laser 0 (-30.67°): distance 1230 × 2 mm = 2.460 m, intensity 9;
        // horizontal 2.460 cos 30.67° = 2.1159; x = 2.1159 cos 222.88° = -1.5505, y = -2.1159 sin 222.88° = 1.4398,
        // z = 2.460 sin -30.67° = -1.2548.
        assertPoint(points, 0, -1.5505f, 1.4398f, -1.2548f, 9, 0, 22288, 0);
        // Laser 1 (-9.33°, the 17th from the bottom): 2537 → 5.074 m, intensity 4, fired 1.152 µs after laser 0.
        assertPoint(points, 1, -3.6689f, 3.4070f, -0.8226f, 4, 16, 22288, 1_152);
        // Laser 15 (0°, 23 lasers point lower): 2989 → 5.978 m, level.
        assertPoint(points, 15, -4.3806f, 4.0678f, 0f, 14, 23, 22288, 15 * 1_152);
        // Laser 31 (+10.67°, the top one): 2555 → 5.110 m.
        assertPoint(points, 31, -3.6798f, 3.4171f, 0.9461f, 14, 31, 22288, 31 * 1_152);
        // Block 1 at 22321, a block period (46.08 µs) later: laser 0 at 1231 → 2.462 m.
        assertPoint(points, 32, -1.5434f, 1.4499f, -1.2558f, 9, 0, 22321, 46_080);
        // Block 11 at 22659, laser 31: 2391 → 4.782 m.
        assertPoint(points, 381, -3.2294f, 3.4138f, 0.8854f, 7, 31, 22659, 11 * 46_080 + 31 * 1_152);
    }

    @Test
    void interpolatesVlp16AzimuthsByFiringTimeAcrossTheTurn()
    {
        encoder.wrap(buffer, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_LAST, 1_000);
        for (int block = 0; block < VelodynePacket.BLOCK_COUNT; block++)
        {
            encoder.azimuth(block, 10_000 + 40 * block);
        }
        // Blocks 10 and 11 straddle north: 35990 then 10 (a gap of 20 across the wrap).
        encoder.azimuth(10, 35_990).azimuth(11, 10);
        encoder.putReturn(0, 0, 1_000, 50);     // laser 0 (-15°), first firing: the block's own azimuth
        encoder.putReturn(0, 17, 5_000, 200);   // laser 1 (+1°), second firing
        encoder.putReturn(10, 31, 2_500, 7);    // laser 15 (+15°), second firing, just before north
        encoder.putReturn(11, 16, 500, 1);      // laser 0, second firing of the last block
        assertEquals(VelodynePacketStatus.VALID, packet.wrap(buffer, 0, encoder.encodedLength(), VelodyneModel.VLP_16));

        final VelodynePoints points = new VelodynePoints(VelodyneModel.VLP_16);
        assertEquals(4, points.decode(packet));

        // 1000 × 2 mm = 2 m at 100.00°, -15°: x = 2 cos15° cos100° = -0.3355, y = -2 cos15° sin100° = -1.9025.
        assertPoint(points, 0, -0.3355f, -1.9025f, -0.5176f, 50, 0, 10_000, 0);
        // Second firing, laser 1: 55.296 + 2.304 = 57.6 µs into a 110.592 µs block whose azimuth advances 40:
        // 10000 + round(40 × 57.6 / 110.592) = 10000 + round(20.83) = 10021; 10 m at +1° (ring 8).
        assertPoint(points, 1, -1.7723f, -9.8401f, 0.1745f, 200, 8, 10_021, 57_600);
        // Block 10, laser 15 of the second firing: 55.296 + 15 × 2.304 = 89.856 µs; the gap to block 11 is 20 across
        // north: 35990 + round(20 × 89.856 / 110.592) = 35990 + 16 = 36006 → 6; 5 m at +15° (ring 15).
        assertPoint(points, 2, 4.8296f, -0.0051f, 1.2941f, 7, 15, 6, 10 * 110_592 + 89_856);
        // The last block has no next one: it keeps the gap before it (20). 10 + round(20 × 55.296 / 110.592) = 20.
        assertEquals(20, points.azimuth(3));
        assertEquals(11 * 110_592 + 55_296, points.timeOffsetNs(3));
    }

    @Test
    void dualReturnBlocksShareTheirPairsFiringTime()
    {
        encoder.wrap(buffer, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_DUAL, 0);
        for (int block = 0; block < VelodynePacket.BLOCK_COUNT; block++)
        {
            encoder.azimuth(block, 20_000 + 40 * (block / 2));
        }
        encoder.putReturn(2, 17, 5_000, 10);   // strongest of the second pair
        encoder.putReturn(3, 17, 5_100, 9);    // last of the same firing
        assertEquals(VelodynePacketStatus.VALID, packet.wrap(buffer, 0, encoder.encodedLength(), VelodyneModel.VLP_16));

        final VelodynePoints points = new VelodynePoints(VelodyneModel.VLP_16);
        assertEquals(2, points.decode(packet));
        assertEquals(points.timeOffsetNs(0), points.timeOffsetNs(1));
        assertEquals(110_592 + 57_600, points.timeOffsetNs(0));
        // Both from azimuth 20040 towards the next pair's 20080: 20040 + round(40 × 57.6 / 110.592) = 20061.
        assertEquals(20_061, points.azimuth(0));
        assertEquals(20_061, points.azimuth(1));
    }

    @Test
    void namesWhyAPacketCannotBeDecoded() throws IOException
    {
        final UnsafeBuffer real = new UnsafeBuffer(new byte[2048]);
        real.putBytes(0, realHdl32ePacket());

        assertEquals(VelodynePacketStatus.SHORT, packet.wrap(real, 0, 1205, VelodyneModel.HDL_32E));
        assertEquals(VelodynePacketStatus.LONG, packet.wrap(real, 0, 1207, VelodyneModel.HDL_32E));
        assertEquals(VelodynePacketStatus.WRONG_PRODUCT, packet.wrap(real, 0, 1206, VelodyneModel.VLP_16));

        real.putShort(5 * VelodynePacket.BLOCK_LENGTH, (short)0xDDFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(VelodynePacketStatus.BAD_BLOCK_FLAG, packet.wrap(real, 0, 1206, VelodyneModel.HDL_32E));
        real.putShort(5 * VelodynePacket.BLOCK_LENGTH, (short)VelodynePacket.BLOCK_FLAG, ByteOrder.LITTLE_ENDIAN);

        real.putShort(7 * VelodynePacket.BLOCK_LENGTH + 2, (short)36_000, ByteOrder.LITTLE_ENDIAN);
        assertEquals(VelodynePacketStatus.BAD_AZIMUTH, packet.wrap(real, 0, 1206, VelodyneModel.HDL_32E));
        real.putShort(7 * VelodynePacket.BLOCK_LENGTH + 2, (short)22_525, ByteOrder.LITTLE_ENDIAN);

        real.putByte(VelodynePacket.RETURN_MODE_OFFSET, (byte)0x42);
        assertEquals(VelodynePacketStatus.UNKNOWN_RETURN_MODE, packet.wrap(real, 0, 1206, VelodyneModel.HDL_32E));
        real.putByte(VelodynePacket.RETURN_MODE_OFFSET, (byte)VelodynePacket.RETURN_MODE_STRONGEST);
        assertEquals(VelodynePacketStatus.VALID, packet.wrap(real, 0, 1206, VelodyneModel.HDL_32E));
    }

    @Test
    void modelsByName()
    {
        assertEquals(VelodyneModel.HDL_32E, VelodyneModel.fromName("HDL-32E"));
        assertEquals(VelodyneModel.VLP_16, VelodyneModel.fromName("vlp16"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> VelodyneModel.fromName("vls128"));
        assertEquals("unknown Velodyne model 'vls128' (expected HDL-32E or VLP-16)", ex.getMessage());
        assertEquals(0, VelodyneModel.HDL_32E.ring(0));
        assertEquals(31, VelodyneModel.HDL_32E.ring(31));
        assertEquals(8, VelodyneModel.VLP_16.ring(1));
    }

    private static void assertPoint(
        final VelodynePoints points,
        final int index,
        final float x,
        final float y,
        final float z,
        final int intensity,
        final int ring,
        final int azimuth,
        final int timeOffsetNs)
    {
        assertEquals(x, points.x(index), TOLERANCE_M, "x of point " + index);
        assertEquals(y, points.y(index), TOLERANCE_M, "y of point " + index);
        assertEquals(z, points.z(index), TOLERANCE_M, "z of point " + index);
        assertEquals(intensity, points.intensity(index), "intensity of point " + index);
        assertEquals(ring, points.ring(index), "ring of point " + index);
        assertEquals(azimuth, points.azimuth(index), "azimuth of point " + index);
        assertEquals(timeOffsetNs, points.timeOffsetNs(index), "time offset of point " + index);
    }

    private static byte[] realHdl32ePacket() throws IOException
    {
        try (InputStream in = VelodynePointsTest.class.getResourceAsStream("/velodyne/hdl32e-packet1.bin"))
        {
            assertNotNull(in, "test resource velodyne/hdl32e-packet1.bin");
            final byte[] bytes = in.readAllBytes();
            assertEquals(VelodynePacket.LENGTH, bytes.length);
            return bytes;
        }
    }
}
