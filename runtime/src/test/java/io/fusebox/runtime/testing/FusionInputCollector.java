package io.fusebox.runtime.testing;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;

/**
 * A fusion-input consumer for tests: validates every message and keeps what identifies it.
 */
public final class FusionInputCollector implements FragmentHandler
{
    public final LongArrayList globalSequences = new LongArrayList();
    public final LongArrayList receiveTimes = new LongArrayList();
    public final IntArrayList streamIds = new IntArrayList();
    public final IntArrayList sensorIds = new IntArrayList();
    public final IntArrayList templateIds = new IntArrayList();
    public final LongArrayList sensorSequences = new LongArrayList();
    public final LongArrayList captureTimes = new LongArrayList();
    public final FusionInputReader reader = new FusionInputReader();
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageInspector inspector;
    private String firstProblem;

    /**
     * Sees each wrapped message after it is recorded, e.g. to decode the sensor message.
     */
    public interface MessageInspector
    {
        void inspect(FusionInputReader reader);
    }

    public FusionInputCollector()
    {
        this(null);
    }

    public FusionInputCollector(final MessageInspector inspector)
    {
        this.inspector = inspector;
    }

    public int poll(final Subscription subscription, final int fragmentLimit)
    {
        return subscription.poll(assembler, fragmentLimit);
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final MalformedReason reason = MessageGuard.validate(buffer, offset, length);
        if (MalformedReason.OK != reason || !reader.wrap(buffer, offset, length))
        {
            if (null == firstProblem)
            {
                firstProblem = "fusion input #" + globalSequences.size() + " is " + reason;
            }
            return;
        }
        globalSequences.addLong(reader.globalSequence());
        receiveTimes.addLong(reader.receiveTimeNs());
        streamIds.addInt(reader.sourceStreamId());
        sensorIds.addInt(reader.sensorId());
        templateIds.addInt(reader.sensorTemplateId());
        sensorSequences.addLong(reader.sensorSequence());
        captureTimes.addLong(reader.captureTimeNs());
        if (null != inspector)
        {
            inspector.inspect(reader);
        }
    }

    public int count()
    {
        return globalSequences.size();
    }

    /**
     * @return null when every message was well formed, else the first problem.
     */
    public String firstProblem()
    {
        return firstProblem;
    }
}
