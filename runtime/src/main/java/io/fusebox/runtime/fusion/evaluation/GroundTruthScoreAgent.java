package io.fusebox.runtime.fusion.evaluation;

import io.aeron.Counter;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import io.fusebox.sensors.sim.GroundTruthFrame;
import io.fusebox.sensors.sim.GroundTruthRing;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;

/**
 * Scores a live drive's fusion against the simulator's ground truth: subscribes to the world models and scores
 * each with a {@link GroundTruthScorer} against the frame a {@link GroundTruthTap} kept for the world model's own
 * time on the rig's thread. A world model whose frame is gone (the ring lapped it) or never existed is counted as
 * unscored, never scored against the wrong instant. Scoring is a tool's work, not the pipeline's: this agent has
 * a thread of its own and nothing waits for it.
 */
public final class GroundTruthScoreAgent implements Agent
{
    /** World models scored. */
    public static final int SCORED_TYPE_ID = 7811;
    /** World models without ground truth of their time (or malformed). */
    public static final int UNSCORED_TYPE_ID = 7812;
    private static final int FRAGMENT_LIMIT = 4;

    private final GroundTruthRing ring;
    private final GroundTruthScorer scorer;
    private final GroundTruthFrame frame;
    private final long scoreFromNs;
    private final ErrorHandler errorHandler;
    private final Subscription subscription;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onWorldModel);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder worldModelDecoder = new WorldModelDecoder();
    private final Counter scored;
    private final Counter unscored;

    /**
     * @param ring        where the rig's thread keeps ground truth.
     * @param scorer      the scoring rules; this agent's alone.
     * @param maxActors   actors in the scenario.
     * @param scoreFromNs world models before this message time are not scored (tracks confirming).
     */
    public GroundTruthScoreAgent(
        final Bus bus,
        final GroundTruthRing ring,
        final GroundTruthScorer scorer,
        final int maxActors,
        final long scoreFromNs)
    {
        this.ring = ring;
        this.scorer = scorer;
        this.frame = new GroundTruthFrame(maxActors);
        this.scoreFromNs = scoreFromNs;
        this.errorHandler = bus.errorHandler();
        Subscription addedSubscription = null;
        Counter addedScored = null;
        Counter addedUnscored = null;
        try
        {
            addedSubscription = bus.addWorldModelSubscription();
            final int streamId = addedSubscription.streamId();
            addedScored = BusCounters.addStreamCounter(bus.aeron(), SCORED_TYPE_ID, "world-model", streamId,
                "scored against ground truth");
            addedUnscored = BusCounters.addStreamCounter(bus.aeron(), UNSCORED_TYPE_ID, "world-model", streamId,
                "without ground truth of their time");
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(addedUnscored, addedScored, addedSubscription);
            throw ex;
        }
        subscription = addedSubscription;
        scored = addedScored;
        unscored = addedUnscored;
    }

    public String roleName()
    {
        return "fusion-score";
    }

    public int doWork()
    {
        try
        {
            return subscription.poll(assembler, FRAGMENT_LIMIT);
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
            return 1;
        }
    }

    public void onClose()
    {
        CloseHelper.quietCloseAll(unscored, scored, subscription);
    }

    /**
     * @return the score so far; read after the agent's thread has stopped.
     */
    public GroundTruthScore score()
    {
        return scorer.result();
    }

    public long scored()
    {
        return scored.get();
    }

    public long unscored()
    {
        return unscored.get();
    }

    private void onWorldModel(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (MalformedReason.OK != MessageGuard.validate(buffer, offset, length))
        {
            unscored.incrementRelease();
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (WorldModelDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            unscored.incrementRelease();
            return;
        }
        worldModelDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long timeNs = worldModelDecoder.timeNs();
        if (timeNs < scoreFromNs)
        {
            return;
        }
        if (ring.copyAt(timeNs, frame))
        {
            scorer.score(buffer, offset, frame);
            scored.incrementRelease();
        }
        else
        {
            unscored.incrementRelease();
        }
    }
}
