package io.fusebox.replay.mcap;

import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of MCAP records being assembled: little-endian primitives, length-prefixed strings, byte arrays
 * and maps, as the MCAP specification lays them out.
 */
final class RecordBuffer
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final ExpandableArrayBuffer buffer;
    private int position;

    RecordBuffer(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    int position()
    {
        return position;
    }

    void reset()
    {
        position = 0;
    }

    byte[] array()
    {
        return buffer.byteArray();
    }

    RecordBuffer u8(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += 1;
        return this;
    }

    RecordBuffer u16(final int value)
    {
        buffer.putShort(position, (short)value, ORDER);
        position += 2;
        return this;
    }

    RecordBuffer u32(final long value)
    {
        buffer.putInt(position, (int)value, ORDER);
        position += 4;
        return this;
    }

    RecordBuffer u64(final long value)
    {
        buffer.putLong(position, value, ORDER);
        position += 8;
        return this;
    }

    RecordBuffer string(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        u32(bytes.length);
        return bytes(bytes, 0, bytes.length);
    }

    RecordBuffer bytes(final byte[] bytes, final int offset, final int length)
    {
        buffer.putBytes(position, bytes, offset, length);
        position += length;
        return this;
    }

    /**
     * Starts a record: opcode and a length to fill in with {@link #endRecord(int)}.
     *
     * @return where the length goes.
     */
    int beginRecord(final int opcode)
    {
        u8(opcode);
        final int lengthAt = position;
        u64(0);
        return lengthAt;
    }

    void putU64At(final int index, final long value)
    {
        buffer.putLong(index, value, ORDER);
    }

    void endRecord(final int lengthAt)
    {
        buffer.putLong(lengthAt, position - lengthAt - 8, ORDER);
    }

    /**
     * Reserves a u32 byte-length prefix (of a map or an array) to fill in with {@link #endLength(int)}.
     */
    int beginLength()
    {
        final int lengthAt = position;
        u32(0);
        return lengthAt;
    }

    void endLength(final int lengthAt)
    {
        buffer.putInt(lengthAt, position - lengthAt - 4, ORDER);
    }
}
