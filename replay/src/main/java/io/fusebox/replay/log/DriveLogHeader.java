package io.fusebox.replay.log;

import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The first entry of a drive log: what was driven, with what, by which build. Enough to rebuild the
 * rig (its file's text is kept whole) and to refuse a log whose messages this build cannot replay.
 *
 * @param formatVersion   of the entry layout, {@code DriveLogFormat.FORMAT_VERSION} when written.
 * @param schemaId        SBE schema id of the recorded messages.
 * @param schemaVersion   SBE schema version the recording build encoded with.
 * @param startTimeNs     when recording started, drive clock (epoch ns).
 * @param seed            of the simulation, or 0 for a real drive.
 * @param scenario        scenario name, or a free label for a real drive.
 * @param softwareVersion of the recording build.
 * @param rigSource       where the rig file was loaded from.
 * @param rigText         the rig file, verbatim.
 */
public record DriveLogHeader(
    int formatVersion,
    int schemaId,
    int schemaVersion,
    long startTimeNs,
    long seed,
    String scenario,
    String softwareVersion,
    String rigSource,
    String rigText)
{
    private static final int FIXED_LENGTH = 4 + 2 + 2 + 8 + 8;

    /**
     * @return the rig parsed from the recorded rig file.
     * @throws io.fusebox.sensors.rig.RigConfigException when the recorded text no longer parses.
     */
    public Rig rig()
    {
        return RigLoader.parse(rigSource, rigText);
    }

    int encodedLength()
    {
        return FIXED_LENGTH + utf8Length(scenario) + utf8Length(softwareVersion) + utf8Length(rigSource) +
            utf8Length(rigText);
    }

    int encode(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, formatVersion, DriveLogFormat.ORDER);
        buffer.putShort(offset + 4, (short)schemaId, DriveLogFormat.ORDER);
        buffer.putShort(offset + 6, (short)schemaVersion, DriveLogFormat.ORDER);
        buffer.putLong(offset + 8, startTimeNs, DriveLogFormat.ORDER);
        buffer.putLong(offset + 16, seed, DriveLogFormat.ORDER);
        int position = offset + FIXED_LENGTH;
        position += putString(buffer, position, scenario);
        position += putString(buffer, position, softwareVersion);
        position += putString(buffer, position, rigSource);
        position += putString(buffer, position, rigText);
        return position - offset;
    }

    /**
     * Decodes a header from untrusted bytes, checking every length against what is there.
     *
     * @throws DriveLogException naming what is wrong.
     */
    static DriveLogHeader decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FIXED_LENGTH)
        {
            throw new DriveLogException("drive log header is " + length + " bytes, shorter than its fixed part");
        }
        final int formatVersion = buffer.getInt(offset, DriveLogFormat.ORDER);
        if (formatVersion > DriveLogFormat.FORMAT_VERSION || formatVersion < 1)
        {
            throw new DriveLogException("drive log format version " + formatVersion + " is not one this build reads " +
                "(1.." + DriveLogFormat.FORMAT_VERSION + ")");
        }
        final int schemaId = buffer.getShort(offset + 4, DriveLogFormat.ORDER) & 0xFFFF;
        final int schemaVersion = buffer.getShort(offset + 6, DriveLogFormat.ORDER) & 0xFFFF;
        final long startTimeNs = buffer.getLong(offset + 8, DriveLogFormat.ORDER);
        final long seed = buffer.getLong(offset + 16, DriveLogFormat.ORDER);
        final int end = offset + length;
        final int[] position = { offset + FIXED_LENGTH };
        final String scenario = getString(buffer, position, end, "scenario");
        final String softwareVersion = getString(buffer, position, end, "softwareVersion");
        final String rigSource = getString(buffer, position, end, "rigSource");
        final String rigText = getString(buffer, position, end, "rigText");
        return new DriveLogHeader(
            formatVersion, schemaId, schemaVersion, startTimeNs, seed, scenario, softwareVersion, rigSource, rigText);
    }

    private static int utf8Length(final String value)
    {
        return Integer.BYTES + value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int putString(final MutableDirectBuffer buffer, final int offset, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(offset, bytes.length, DriveLogFormat.ORDER);
        buffer.putBytes(offset + Integer.BYTES, bytes);
        return Integer.BYTES + bytes.length;
    }

    private static String getString(final DirectBuffer buffer, final int[] position, final int end, final String field)
    {
        if (position[0] + Integer.BYTES > end)
        {
            throw new DriveLogException("drive log header is truncated at " + field);
        }
        final int length = buffer.getInt(position[0], DriveLogFormat.ORDER);
        if (length < 0 || length > end - position[0] - Integer.BYTES)
        {
            throw new DriveLogException("drive log header: " + field + " length " + length + " runs past the header");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(position[0] + Integer.BYTES, bytes);
        position[0] += Integer.BYTES + length;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
