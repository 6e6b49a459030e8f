package io.fusebox.runtime.record;

import io.fusebox.runtime.bus.BusContext;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.BitUtil;
import org.agrona.SystemUtil;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Configuration of a {@link RecorderAgent}: the policy when the disk falls behind, and how much the
 * recorder may buffer in memory before that policy applies. Defaults from system properties;
 * {@link #conclude()} validates and fails naming the field.
 */
public final class RecorderContext
{
    /** block (default) or drop. */
    public static final String POLICY_PROP_NAME = "fusebox.recorder.policy";
    public static final RecordingPolicy POLICY_DEFAULT = RecordingPolicy.BLOCK;

    /** Bytes buffered between the bus and the disk, a power of two, e.g. 64m: about a second of a full rig. */
    public static final String BUFFER_LENGTH_PROP_NAME = "fusebox.recorder.buffer.length";
    public static final int BUFFER_LENGTH_DEFAULT = 64 * 1024 * 1024;

    /**
     * Smallest buffer: it must hold eight of the largest fusion input, as the ring buffer requires of
     * its largest message.
     */
    public static final int MIN_BUFFER_LENGTH = BitUtil.findNextPositivePowerOfTwo(
        8 * (RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH + 64));

    private boolean isConcluded;
    private RecordingPolicy policy;
    private int bufferLength = -1;

    public RecorderContext conclude()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("RecorderContext already concluded");
        }
        if (null == policy)
        {
            try
            {
                final String name = System.getProperty(POLICY_PROP_NAME);
                policy = null == name ? POLICY_DEFAULT : RecordingPolicy.fromName(name);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("RecorderContext.policy (" + POLICY_PROP_NAME + "): " + ex.getMessage());
            }
        }
        if (bufferLength < 0)
        {
            bufferLength = SystemUtil.getSizeAsInt(BUFFER_LENGTH_PROP_NAME, BUFFER_LENGTH_DEFAULT);
        }
        if (!BitUtil.isPowerOfTwo(bufferLength) || bufferLength < MIN_BUFFER_LENGTH)
        {
            throw new IllegalArgumentException("RecorderContext.bufferLength: must be a power of two of at least " +
                MIN_BUFFER_LENGTH + ", was " + bufferLength);
        }
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    public RecorderContext policy(final RecordingPolicy policy)
    {
        checkNotConcluded();
        this.policy = policy;
        return this;
    }

    public RecordingPolicy policy()
    {
        return policy;
    }

    /**
     * @param bufferLength bytes of messages held between the bus and the disk (plus the ring buffer's trailer).
     */
    public RecorderContext bufferLength(final int bufferLength)
    {
        checkNotConcluded();
        this.bufferLength = bufferLength;
        return this;
    }

    public int bufferLength()
    {
        return bufferLength;
    }

    int ringBufferAllocation()
    {
        return bufferLength + RingBufferDescriptor.TRAILER_LENGTH;
    }

    private void checkNotConcluded()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("RecorderContext is concluded; it no longer changes");
        }
    }
}
