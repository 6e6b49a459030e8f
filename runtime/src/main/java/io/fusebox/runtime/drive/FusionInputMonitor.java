package io.fusebox.runtime.drive;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.Rig;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * Reads the fusion-input stream the way every consumer of it will, and checks the contract at the
 * determinism boundary: global sequences contiguous from 0, every message from a rig sensor. Counts
 * per sensor what crossed the boundary inside the drive's capture window; a drive's report comes from
 * here, not from what the publishers believe they sent.
 */
final class FusionInputMonitor implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;

    private final Rig rig;
    private final Subscription subscription;
    private final FusionInputReader reader = new FusionInputReader();
    private final FragmentAssembler assembler;
    private final long windowStartNs;
    private final long windowEndNs;
    private final long[] messages;
    private final long[] bytes;

    private volatile long received;
    private long sequenceGaps;
    private long unreadable;
    private long expectedSequence;

    FusionInputMonitor(final Bus bus, final long windowStartNs, final long windowEndNs)
    {
        this.rig = bus.rig();
        this.windowStartNs = windowStartNs;
        this.windowEndNs = windowEndNs;
        this.messages = new long[rig.sensorCount()];
        this.bytes = new long[rig.sensorCount()];
        this.subscription = bus.addFusionInputSubscription();
        this.assembler = new FragmentAssembler(this::onFragment);
    }

    public String roleName()
    {
        return "fusion-input-monitor";
    }

    public int doWork()
    {
        return subscription.poll(assembler, FRAGMENT_LIMIT);
    }

    public void onClose()
    {
        CloseHelper.quietClose(subscription);
    }

    /**
     * @return true once a consumer is connected to the fusion-input stream.
     */
    boolean isConnected()
    {
        return subscription.isConnected();
    }

    long received()
    {
        return received;
    }

    long sequenceGaps()
    {
        return sequenceGaps;
    }

    long unreadable()
    {
        return unreadable;
    }

    /**
     * Per-sensor and gap figures are exact once {@link #received()} has been read after the stream went
     * quiet; before that they are approximate live figures.
     */
    long messages(final int sensorIndex)
    {
        return messages[sensorIndex];
    }

    long bytes(final int sensorIndex)
    {
        return bytes[sensorIndex];
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!reader.wrap(buffer, offset, length))
        {
            unreadable++;
        }
        else
        {
            final long globalSequence = reader.globalSequence();
            if (globalSequence != expectedSequence)
            {
                sequenceGaps += Math.abs(globalSequence - expectedSequence);
            }
            expectedSequence = globalSequence + 1;

            final int sensorIndex = rig.indexOf(reader.sensorId());
            if (sensorIndex < 0)
            {
                unreadable++;
            }
            else
            {
                final long captureTimeNs = reader.captureTimeNs();
                if (captureTimeNs >= windowStartNs && captureTimeNs < windowEndNs)
                {
                    messages[sensorIndex]++;
                    bytes[sensorIndex] += reader.sensorMessageLength();
                }
            }
        }
        // Written last: a reader that sees this count also sees the per-sensor figures before it.
        received = received + 1;
    }
}
