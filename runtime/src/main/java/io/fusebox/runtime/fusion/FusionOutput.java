package io.fusebox.runtime.fusion;

import org.agrona.DirectBuffer;

/**
 * Where a {@link FusionEngine} hands what it produces, synchronously, from inside
 * {@link FusionEngine#onInput}: the buffer is the engine's and is reused for the next output, so
 * copy or publish before returning.
 */
public interface FusionOutput
{
    /**
     * @param buffer holding one encoded {@code WorldModel}, SBE header included.
     */
    void onWorldModel(DirectBuffer buffer, int offset, int length);

    /**
     * @param buffer holding one encoded {@code SensorHealth}, SBE header included.
     */
    void onSensorHealth(DirectBuffer buffer, int offset, int length);
}
