package io.fusebox.bench.codec;

/**
 * Folds decoded fields into one value. Each field is rotated, never shifted, so no bit of it is
 * lost: changing any single field changes the checksum, which the tests prove byte by byte.
 */
final class Checksum
{
    private Checksum()
    {
    }

    static long of(final float value, final int rotation)
    {
        return Long.rotateLeft(Float.floatToRawIntBits(value) & 0xFFFF_FFFFL, rotation);
    }

    static long of(final double value, final int rotation)
    {
        return Long.rotateLeft(Double.doubleToRawLongBits(value), rotation);
    }

    static long of(final long value, final int rotation)
    {
        return Long.rotateLeft(value, rotation);
    }
}
