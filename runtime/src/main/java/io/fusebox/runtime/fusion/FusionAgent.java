package io.fusebox.runtime.fusion;

import io.aeron.ExclusivePublication;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.fusebox.runtime.bus.Bus;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Fusion on the bus: a thin shell around a {@link FusionEngine}. Each duty cycle takes at most
 * {@link FusionContext#fragmentLimit()} fragments of the fusion-input stream (reassembled), hands
 * each message to the engine, and publishes what it produces: world models on the world-model
 * stream, sensor health reports on the health stream, both from the rig's bus layout. A duty cycle
 * ends with the input that produced a world model, so whatever shares the thread (the planner) gets
 * it at once.
 *
 * <p>An output the stream cannot take now (back pressure, no subscriber yet) is copied aside, counted
 * once, and offered again at the start of the next duty cycle; while one is held, no input is taken,
 * so back pressure reaches the Sequencer rather than losing world models. Should a second of the
 * same kind fall due while one is held (only when a single poll spans a world-model period), the
 * older is dropped and counted: the newer supersedes it. Errors go to the bus's error handler;
 * doWork never throws.
 */
public final class FusionAgent implements Agent, FusionOutput
{
    private static final long CYCLE_HIGHEST_TRACKABLE_NS = 10_000_000_000L;

    private final Bus bus;
    private final FusionContext context;
    private final FusionEngine engine;
    private final ErrorHandler errorHandler;
    private final int fragmentLimit;
    private final Subscription fusionInput;
    private final ExclusivePublication worldModels;
    private final ExclusivePublication health;
    private final ControlledFragmentAssembler assembler;
    private final FusionCounters counters;

    private final UnsafeBuffer heldWorldModel = new UnsafeBuffer(ByteBuffer.allocateDirect(FusionContext.MAX_MESSAGE_LENGTH));
    private final UnsafeBuffer heldHealth = new UnsafeBuffer(ByteBuffer.allocateDirect(FusionContext.MAX_MESSAGE_LENGTH));
    private int heldWorldModelLength;
    private int heldHealthLength;
    private long backPressureCount;
    private long droppedOutputCount;
    private long publishedWorldModels;
    private long publishedHealthReports;
    /** Wall time the engine took per world-model period: from one world model's input to the next's. */
    private final Recorder cycleTimes = new Recorder(1, CYCLE_HIGHEST_TRACKABLE_NS, 3);
    private long cycleBusyNs;

    /**
     * Subscribes to the fusion input and adds the world-model and health publications and fusion's
     * counters to the bus.
     *
     * @param bus     the running bus; its rig is the context's unless the context names one.
     * @param context concluded here.
     */
    public FusionAgent(final Bus bus, final FusionContext context)
    {
        this.bus = bus;
        if (null == context.rig() && !context.isConcluded())
        {
            context.rig(bus.rig());
        }
        this.context = context.conclude();
        this.errorHandler = bus.errorHandler();
        this.fragmentLimit = context.fragmentLimit();
        this.engine = new FusionEngine(context, this);
        Subscription subscription = null;
        ExclusivePublication worldModelPublication = null;
        ExclusivePublication healthPublication = null;
        try
        {
            subscription = bus.addFusionInputSubscription();
            worldModelPublication = bus.addWorldModelPublication();
            healthPublication = bus.addHealthPublication();
            counters = new FusionCounters(bus.aeron(), bus.rig().bus().worldModelStreamId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(healthPublication, worldModelPublication, subscription);
            throw ex;
        }
        fusionInput = subscription;
        worldModels = worldModelPublication;
        health = healthPublication;
        assembler = new ControlledFragmentAssembler(this::onFragment);
    }

    public String roleName()
    {
        return "fusion";
    }

    public int doWork()
    {
        int workCount = 0;
        try
        {
            if (heldWorldModelLength > 0 || heldHealthLength > 0)
            {
                workCount += retryHeld();
                if (heldWorldModelLength > 0 || heldHealthLength > 0)
                {
                    return workCount;
                }
            }
            workCount += fusionInput.controlledPoll(assembler, fragmentLimit);
            if (workCount > 0)
            {
                updateCounters();
            }
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }
        return workCount;
    }

    public void onClose()
    {
        CloseHelper.quietCloseAll(counters, health, worldModels, fusionInput);
    }

    /**
     * @return the engine, for figures; read from the agent's own thread or after it has stopped.
     */
    public FusionEngine engine()
    {
        return engine;
    }

    public FusionContext context()
    {
        return context;
    }

    /**
     * Fusion's cycle times since the last call: per world model, the wall time the engine spent on the inputs of
     * its period. Any thread; allocation-free when given back the histogram the previous call returned.
     *
     * @param recycle the histogram a previous call returned, or null.
     */
    public Histogram cycleTimesNs(final Histogram recycle)
    {
        return cycleTimes.getIntervalHistogram(recycle);
    }

    public long publishedWorldModels()
    {
        return publishedWorldModels;
    }

    public long publishedHealthReports()
    {
        return publishedHealthReports;
    }

    public void onWorldModel(final DirectBuffer buffer, final int offset, final int length)
    {
        if (heldWorldModelLength > 0)
        {
            droppedOutputCount++;
            heldWorldModelLength = 0;
        }
        final long result = offer(worldModels, buffer, offset, length);
        if (result > 0)
        {
            publishedWorldModels++;
        }
        else if (Publication.NOT_CONNECTED == result)
        {
            // Nobody subscribes (a drive without planner or recorder): dropped and counted, never held,
            // or fusion would stop reading its input for want of a reader of its output.
            droppedOutputCount++;
        }
        else
        {
            heldWorldModel.putBytes(0, buffer, offset, length);
            heldWorldModelLength = length;
        }
    }

    public void onSensorHealth(final DirectBuffer buffer, final int offset, final int length)
    {
        if (heldHealthLength > 0)
        {
            droppedOutputCount++;
            heldHealthLength = 0;
        }
        final long result = offer(health, buffer, offset, length);
        if (result > 0)
        {
            publishedHealthReports++;
        }
        else if (Publication.NOT_CONNECTED == result)
        {
            // Nobody subscribes (a drive without planner or recorder): dropped and counted, never held,
            // or fusion would stop reading its input for want of a reader of its output.
            droppedOutputCount++;
        }
        else
        {
            heldHealth.putBytes(0, buffer, offset, length);
            heldHealthLength = length;
        }
    }

    private Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long worldModelsBefore = engine.worldModels();
        final long startNs = System.nanoTime();
        engine.onInput(buffer, offset, length);
        cycleBusyNs += System.nanoTime() - startNs;
        if (engine.worldModels() != worldModelsBefore)
        {
            cycleTimes.recordValue(Math.min(cycleBusyNs, CYCLE_HIGHEST_TRACKABLE_NS));
            cycleBusyNs = 0;
            // The rest of the batch waits for the next duty cycle: on a shared thread the planner takes the world
            // model now instead of after up to a fragment limit of inputs (a LiDAR sweep's clustering among them).
            return Action.BREAK;
        }
        return Action.CONTINUE;
    }

    private int retryHeld()
    {
        int published = 0;
        if (heldWorldModelLength > 0 && offerHeld(worldModels, heldWorldModel, heldWorldModelLength))
        {
            heldWorldModelLength = 0;
            publishedWorldModels++;
            published++;
        }
        if (heldHealthLength > 0 && offerHeld(health, heldHealth, heldHealthLength))
        {
            heldHealthLength = 0;
            publishedHealthReports++;
            published++;
        }
        return published;
    }

    private long offer(
        final ExclusivePublication publication, final DirectBuffer buffer, final int offset, final int length)
    {
        long result = publication.offer(buffer, offset, length);
        if (Publication.ADMIN_ACTION == result)
        {
            // The log rotated to its next term (a world model's 45 KB fill one every dozen): repeat at once rather
            // than hold the world model for a duty cycle as if back pressured.
            result = publication.offer(buffer, offset, length);
        }
        if (result > 0 || Publication.NOT_CONNECTED == result)
        {
            return result;
        }
        backPressureCount++;
        if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
        {
            errorHandler.onError(new IllegalStateException("fusion: publication on stream " +
                publication.streamId() + " " + (Publication.CLOSED == result ? "closed" : "at its maximum position")));
        }
        return result;
    }

    private boolean offerHeld(final ExclusivePublication publication, final DirectBuffer buffer, final int length)
    {
        return publication.offer(buffer, 0, length) > 0;
    }

    private void updateCounters()
    {
        counters.inputs.setRelease(engine.inputs());
        counters.applied.setRelease(engine.applied());
        counters.late.setRelease(engine.late());
        counters.windowOverflows.setRelease(engine.windowOverflows());
        counters.malformed.setRelease(engine.malformed() + engine.unknownSensor());
        counters.worldModels.setRelease(engine.worldModels());
        counters.backPressure.setRelease(backPressureCount);
        counters.droppedOutputs.setRelease(droppedOutputCount);
        counters.tracks.setRelease(engine.tracker().trackCount());
        counters.degradedSensors.setRelease(Long.bitCount(engine.missingSensors()));
        counters.lidarDroppedPoints.setRelease(engine.lidarDroppedPoints());
        counters.heldPastTick.setRelease(engine.heldPastTick());
    }
}
