package io.fusebox.runtime.record;

import org.agrona.SystemUtil;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Configuration of snapshot mode ({@code drive --snapshot 30s}): the recorder keeps only the last
 * {@link #windowNs(long)} of the drive in memory and writes it out as an ordinary drive log when its
 * {@link #trigger()} is pulled. {@link #conclude()} validates and fails naming the field.
 */
public final class SnapshotContext
{
    /** Bytes of memory for the ring, e.g. 1g; default: {@value #BYTES_PER_SECOND_DEFAULT} bytes per second of window. */
    public static final String BUFFER_LENGTH_PROP_NAME = "fusebox.snapshot.buffer.length";
    /** A full rig's fusion input runs at about 26 MB/s; this leaves room for busier scenes. */
    public static final long BYTES_PER_SECOND_DEFAULT = 40L * 1024 * 1024;
    /** Largest ring: one direct buffer, int-indexed. */
    public static final int MAX_BUFFER_LENGTH = Integer.MAX_VALUE & ~7;
    /** Smallest ring: as the recorder's smallest buffer, so it holds several of the largest fusion input. */
    public static final int MIN_BUFFER_LENGTH = RecorderContext.MIN_BUFFER_LENGTH;
    /** Name of the folder, under the drives folder, that snapshots are written into. */
    public static final String SNAPSHOT_FOLDER = "snapshots";

    private boolean isConcluded;
    private long windowNs;
    private int bufferLength = -1;
    private boolean triggerOnSignal;
    private Consumer<String> progress = line -> {};
    private final SnapshotTrigger trigger = new SnapshotTrigger();

    public SnapshotContext conclude()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("SnapshotContext already concluded");
        }
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("SnapshotContext.window: must be positive, was " + windowNs + " ns");
        }
        if (bufferLength < 0)
        {
            final long derived = Math.min(MAX_BUFFER_LENGTH,
                Math.max(MIN_BUFFER_LENGTH, (long)Math.ceil(windowNs / 1e9 * BYTES_PER_SECOND_DEFAULT)));
            bufferLength = (int)Math.min(MAX_BUFFER_LENGTH, SystemUtil.getSizeAsLong(BUFFER_LENGTH_PROP_NAME, derived)) & ~7;
        }
        if (bufferLength < MIN_BUFFER_LENGTH)
        {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "SnapshotContext.bufferLength (%s): must be " +
                "at least %d bytes (several of the largest fusion input), was %d", BUFFER_LENGTH_PROP_NAME,
                MIN_BUFFER_LENGTH, bufferLength));
        }
        if (null == progress)
        {
            throw new IllegalArgumentException("SnapshotContext.progress: required (a no-op for none)");
        }
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    /**
     * @param windowNs how much of the drive, back from its newest message, a snapshot holds.
     */
    public SnapshotContext windowNs(final long windowNs)
    {
        checkNotConcluded();
        this.windowNs = windowNs;
        return this;
    }

    public long windowNs()
    {
        return windowNs;
    }

    /**
     * @param bufferLength bytes of memory for the ring (rounded down to 8); when the window holds more, the
     * oldest messages go early (counted) and a snapshot covers less than the window.
     */
    public SnapshotContext bufferLength(final int bufferLength)
    {
        checkNotConcluded();
        this.bufferLength = bufferLength;
        return this;
    }

    public int bufferLength()
    {
        return bufferLength;
    }

    /**
     * @param triggerOnSignal also trigger on {@code SIG}{@value SnapshotTrigger#SIGNAL_NAME} while recording.
     */
    public SnapshotContext triggerOnSignal(final boolean triggerOnSignal)
    {
        checkNotConcluded();
        this.triggerOnSignal = triggerOnSignal;
        return this;
    }

    public boolean triggerOnSignal()
    {
        return triggerOnSignal;
    }

    /**
     * @param progress told, from the recorder's disk thread, when a snapshot is written or fails.
     */
    public SnapshotContext progress(final Consumer<String> progress)
    {
        checkNotConcluded();
        this.progress = progress;
        return this;
    }

    public Consumer<String> progress()
    {
        return progress;
    }

    /**
     * @return pull it ({@link SnapshotTrigger#request()}) to write a snapshot; the same one for the context's life.
     */
    public SnapshotTrigger trigger()
    {
        return trigger;
    }

    /**
     * @return the window as people write it, e.g. 30 s.
     */
    String windowText()
    {
        return String.format(Locale.ROOT, "%.3f s", windowNs / (double)TimeUnit.SECONDS.toNanos(1));
    }

    private void checkNotConcluded()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("SnapshotContext is concluded; it no longer changes");
        }
    }
}
