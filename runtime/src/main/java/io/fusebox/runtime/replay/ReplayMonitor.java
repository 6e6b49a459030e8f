package io.fusebox.runtime.replay;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.replay.verify.OutputComparator;
import io.fusebox.runtime.bus.Bus;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Replay's own consumer of the bus: counts the fusion input as it arrives (so replay knows what crossed
 * the boundary, and never publishes to nobody), and, when verifying, hands every world model and
 * trajectory the pipeline publishes to the {@link OutputComparator}, in the order they arrive.
 */
final class ReplayMonitor implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;

    private final NanoClock clock;
    private final OutputComparator comparator;
    private final Subscription fusionInput;
    private final Subscription worldModels;
    private final Subscription trajectories;
    private final FragmentAssembler fusionInputAssembler;
    private final FragmentAssembler worldModelAssembler;
    private final FragmentAssembler trajectoryAssembler;
    private volatile long received;
    private volatile long outputs;
    private volatile long lastActivityNs;

    /**
     * @param comparator null when not verifying: then outputs are counted, not compared.
     */
    ReplayMonitor(final Bus bus, final NanoClock clock, final OutputComparator comparator)
    {
        this.clock = clock;
        this.comparator = comparator;
        Subscription input = null;
        Subscription models = null;
        Subscription plans = null;
        try
        {
            input = bus.addFusionInputSubscription();
            models = bus.addWorldModelSubscription();
            plans = bus.addTrajectorySubscription();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(plans, models, input);
            throw ex;
        }
        fusionInput = input;
        worldModels = models;
        trajectories = plans;
        fusionInputAssembler = new FragmentAssembler(this::onFusionInput);
        worldModelAssembler = new FragmentAssembler(
            (buffer, offset, length, header) -> onOutput(RecordedStream.WORLD_MODEL, buffer, offset, length));
        trajectoryAssembler = new FragmentAssembler(
            (buffer, offset, length, header) -> onOutput(RecordedStream.TRAJECTORY, buffer, offset, length));
        lastActivityNs = clock.nanoTime();
    }

    public String roleName()
    {
        return "replay-monitor";
    }

    public int doWork()
    {
        return fusionInput.poll(fusionInputAssembler, FRAGMENT_LIMIT) +
            worldModels.poll(worldModelAssembler, FRAGMENT_LIMIT) +
            trajectories.poll(trajectoryAssembler, FRAGMENT_LIMIT);
    }

    public void onClose()
    {
        CloseHelper.quietCloseAll(trajectories, worldModels, fusionInput);
    }

    boolean isConnected()
    {
        return fusionInput.isConnected();
    }

    /**
     * @return fusion inputs received from the bus.
     */
    long received()
    {
        return received;
    }

    /**
     * @return world models and trajectories received from the bus.
     */
    long outputs()
    {
        return outputs;
    }

    /**
     * @return when anything last arrived, on the replay's nano clock.
     */
    long lastActivityNs()
    {
        return lastActivityNs;
    }

    private void onFusionInput(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        lastActivityNs = clock.nanoTime();
        received = received + 1;
    }

    private void onOutput(final RecordedStream stream, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != comparator)
        {
            comparator.onProduced(stream, buffer, offset, length);
        }
        lastActivityNs = clock.nanoTime();
        outputs = outputs + 1;
    }
}
