package io.fusebox.runtime.control;

import io.aeron.Counter;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import org.HdrHistogram.Recorder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * The control plane's own subscriber to the world-model, trajectory and health streams: keeps the newest message
 * of each (copied into a preallocated {@link LatestMessage}) and records how old each world model and trajectory
 * is when it arrives. Runs on an agent thread of its own, so browsers never reach the bus: however slow they are,
 * this agent keeps reading at the rate the streams flow, and fusion and the planner never see back pressure
 * from the dashboard. Allocates nothing per message.
 */
final class LatestMessageTap implements Agent
{
    /** Per stream: messages taken from the bus. */
    static final int MESSAGES_TYPE_ID = 7770;
    /** Per stream: messages dropped as malformed or of the wrong template. */
    static final int MALFORMED_TYPE_ID = 7771;
    /** Per stream: messages dropped as larger than the control plane keeps. */
    static final int OVERSIZE_TYPE_ID = 7772;

    /** Latency is kept up to a minute: anything older is a stopped pipeline, not a figure. */
    static final long HIGHEST_LATENCY_NS = TimeUnit.MINUTES.toNanos(1);
    private static final int FRAGMENT_LIMIT = 16;

    private final EpochNanoClock clock;
    private final TappedStream worldModels;
    private final TappedStream trajectories;
    private final TappedStream health;
    private final Recorder worldModelLatency = new Recorder(HIGHEST_LATENCY_NS, 3);
    private final Recorder trajectoryLatency = new Recorder(HIGHEST_LATENCY_NS, 3);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder worldModelDecoder = new WorldModelDecoder();
    private final TrajectoryDecoder trajectoryDecoder = new TrajectoryDecoder();

    LatestMessageTap(final Bus bus, final ControlPlaneContext context)
    {
        clock = context.clock();
        final int capacity = context.maxMessageBytes();
        TappedStream addedWorldModels = null;
        TappedStream addedTrajectories = null;
        TappedStream addedHealth = null;
        try
        {
            addedWorldModels = new TappedStream(bus, bus.addWorldModelSubscription(), "world-model",
                WorldModelDecoder.TEMPLATE_ID, capacity, this::onWorldModel);
            addedTrajectories = new TappedStream(bus, bus.addTrajectorySubscription(), "trajectory",
                TrajectoryDecoder.TEMPLATE_ID, capacity, this::onTrajectory);
            addedHealth = new TappedStream(bus, bus.addHealthSubscription(), "health",
                SensorHealthDecoder.TEMPLATE_ID, capacity, null);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(addedTrajectories, addedWorldModels);
            throw ex;
        }
        worldModels = addedWorldModels;
        trajectories = addedTrajectories;
        health = addedHealth;
    }

    public String roleName()
    {
        return "control-plane-tap";
    }

    public int doWork()
    {
        return worldModels.poll() + trajectories.poll() + health.poll();
    }

    public void onClose()
    {
        CloseHelper.quietCloseAll(health, trajectories, worldModels);
    }

    LatestMessage latestWorldModel()
    {
        return worldModels.latest;
    }

    LatestMessage latestTrajectory()
    {
        return trajectories.latest;
    }

    LatestMessage latestHealth()
    {
        return health.latest;
    }

    /** Capture-to-control-plane age of world models; read from one other thread. */
    Recorder worldModelLatency()
    {
        return worldModelLatency;
    }

    /** Capture-to-control-plane age of trajectories; read from one other thread. */
    Recorder trajectoryLatency()
    {
        return trajectoryLatency;
    }

    private void onWorldModel(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        worldModelDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        recordAge(worldModelLatency, worldModelDecoder.newestCaptureTimeNs());
    }

    private void onTrajectory(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        trajectoryDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        recordAge(trajectoryLatency, trajectoryDecoder.newestCaptureTimeNs());
    }

    private void recordAge(final Recorder recorder, final long captureTimeNs)
    {
        final long ageNs = clock.nanoTime() - captureTimeNs;
        // Replayed or simulated time on another clock gives no meaningful age: it is not recorded.
        if (ageNs >= 0 && ageNs <= HIGHEST_LATENCY_NS)
        {
            recorder.recordValue(ageNs);
        }
    }

    @FunctionalInterface
    private interface AcceptedMessage
    {
        void onAccepted(DirectBuffer buffer, int offset);
    }

    /**
     * One stream: its subscription, the newest message, and its counters.
     */
    private static final class TappedStream implements AutoCloseable
    {
        private final Subscription subscription;
        private final FragmentAssembler assembler;
        private final int templateId;
        private final AcceptedMessage onAccepted;
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        final LatestMessage latest;
        private Counter messages;
        private Counter malformed;
        private Counter oversize;

        TappedStream(
            final Bus bus,
            final Subscription subscription,
            final String streamName,
            final int templateId,
            final int capacity,
            final AcceptedMessage onAccepted)
        {
            this.subscription = subscription;
            this.templateId = templateId;
            this.onAccepted = onAccepted;
            latest = new LatestMessage(capacity);
            assembler = new FragmentAssembler(this::onFragment);
            try
            {
                final int streamId = subscription.streamId();
                final String name = "control-plane " + streamName;
                messages = BusCounters.addStreamCounter(bus.aeron(), MESSAGES_TYPE_ID, name, streamId, "taken");
                malformed = BusCounters.addStreamCounter(bus.aeron(), MALFORMED_TYPE_ID, name, streamId, "malformed");
                oversize = BusCounters.addStreamCounter(bus.aeron(), OVERSIZE_TYPE_ID, name, streamId, "too large");
            }
            catch (final RuntimeException ex)
            {
                close();
                throw ex;
            }
        }

        int poll()
        {
            return subscription.poll(assembler, FRAGMENT_LIMIT);
        }

        public void close()
        {
            CloseHelper.quietCloseAll(oversize, malformed, messages, subscription);
        }

        private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (MalformedReason.OK != MessageGuard.validate(buffer, offset, length) ||
                templateId != headerDecoder.wrap(buffer, offset).templateId())
            {
                malformed.incrementRelease();
                return;
            }
            if (!latest.write(buffer, offset, length))
            {
                oversize.incrementRelease();
                return;
            }
            messages.incrementRelease();
            if (null != onAccepted)
            {
                onAccepted.onAccepted(buffer, offset);
            }
        }
    }
}
