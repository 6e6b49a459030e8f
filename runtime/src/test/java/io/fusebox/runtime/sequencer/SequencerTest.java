package io.fusebox.runtime.sequencer;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.FusionInputCollector;
import io.fusebox.runtime.testing.SensorMessages;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequencer on a real embedded driver, driven duty cycle by duty cycle from the test thread, with
 * messages offered straight onto sensor streams.
 */
class SequencerTest
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Rig rig = RigLoader.loadDefault();
    private final SensorConfig camera = firstOf(SensorKind.CAMERA);
    private final SensorConfig otherCamera = rig.sensor(camera.index() + 1);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final EpochNanoClock clock = System::nanoTime;
    private final SensorMessages messages = new SensorMessages();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES]);
    private final FusionInputCollector collector = new FusionInputCollector();
    private final CaptureLatency latency = new CaptureLatency();
    private Bus bus;
    private Sequencer sequencer;
    private Subscription fusionInput;

    @AfterEach
    void close()
    {
        if (null != sequencer)
        {
            sequencer.onClose();
        }
        CloseHelper.closeAll(fusionInput, bus);
        assertEquals(List.of(), errors);
    }

    @Test
    void everyMalformedKindIsCountedByReasonAndDroppedAndTheStreamCarriesOn()
    {
        start(new BusContext());
        final ExclusivePublication publication = bus.sensorPublication(camera.index());
        final int validLength = messages.camera(buffer, 0, camera.id(), 0, 1, 10);
        final int groupHeader = HEADER + CameraFrameDecoder.BLOCK_LENGTH;

        final List<Case> cases = List.of(
            new Case(MalformedReason.TRUNCATED_HEADER, (length) -> HEADER - 3),
            new Case(MalformedReason.TRUNCATED_BODY, (length) -> HEADER + 10),
            new Case(MalformedReason.WRONG_SCHEMA_ID, patchShort(4, 42)),
            new Case(MalformedReason.NEWER_VERSION, patchShort(6, CameraFrameEncoder.SCHEMA_VERSION + 1)),
            new Case(MalformedReason.UNKNOWN_TEMPLATE, patchShort(2, 19)),
            new Case(MalformedReason.BLOCK_LENGTH_TOO_SHORT, patchShort(0, CameraFrameDecoder.BLOCK_LENGTH - 2)),
            new Case(MalformedReason.GROUP_PAST_BUFFER, patchShort(groupHeader + 2, 11)),
            new Case(MalformedReason.GROUP_BLOCK_LENGTH_TOO_SHORT,
                patchShort(groupHeader, CameraFrameDecoder.ObjectsDecoder.sbeBlockLength() - 1)),
            new Case(MalformedReason.TRUNCATED_GROUP_HEADER, (length) -> groupHeader + 2),
            new Case(MalformedReason.TRUNCATED_VAR_DATA_HEADER, (length) -> length - 2),
            new Case(MalformedReason.VAR_DATA_PAST_BUFFER, (length) ->
            {
                buffer.putInt(length - 4, 1, ORDER);
                return length;
            }),
            new Case(MalformedReason.SENSOR_ID_MISMATCH, (length) -> messages.camera(buffer, 0, otherCamera.id(), 0, 1, 10)),
            new Case(MalformedReason.NOT_A_SENSOR_MESSAGE, (length) -> worldModel(buffer)),
            new Case(MalformedReason.NEGATIVE_SEQUENCE, (length) -> messages.camera(buffer, 0, camera.id(), -3, 1, 10)));

        long sequence = 0;
        for (final Case malformedCase : cases)
        {
            final int length = messages.camera(buffer, 0, camera.id(), sequence, 1000 + sequence, 10);
            assertEquals(validLength, length);
            offer(publication, buffer, malformedCase.corruption.applyAsInt(length));

            // A valid message after it still comes through, with the sequence number the dropped one carried.
            offer(publication, buffer, messages.camera(buffer, 0, camera.id(), sequence, 1000 + sequence, 10));
            final long wanted = sequence + 1;
            awaitFusionInputs(wanted);

            final CountersReader counters = bus.countersReader();
            assertEquals(1, BusCounters.value(counters, BusCounters.MALFORMED_BY_REASON_TYPE_ID, malformedCase.reason.ordinal()),
                malformedCase.reason.name());
            assertEquals(wanted, BusCounters.value(counters, BusCounters.SEQUENCER_MALFORMED_TYPE_ID, camera.id()),
                malformedCase.reason.name());
            assertEquals(sequence, collector.sensorSequences.getLong((int)sequence), malformedCase.reason.name());
            sequence++;
        }

        final CountersReader counters = bus.countersReader();
        assertEquals(cases.size(), BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_GAPS_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_MALFORMED_TYPE_ID, otherCamera.id()),
            "a misrouted message counts against the stream it came on");
        assertEquals(cases.size(), collector.count());
        assertNull(collector.firstProblem());
    }

    @Test
    void aBacklogOnSeveralStreamsReachesTheFusionInputCloseToCaptureOrder()
    {
        start(new BusContext());
        final ExclusivePublication publication = bus.sensorPublication(camera.index());
        final ExclusivePublication otherPublication = bus.sensorPublication(otherCamera.index());
        // 20 ms of frames 1 ms apart waiting on two streams, as after a stall of the sequencer's thread: taken 8 a
        // stream at a time, the second camera's first frames would follow the first's of 7 ms later.
        final int frames = 20;
        final long startNs = 1_000_000_000L;
        for (int i = 0; i < frames; i++)
        {
            final long captureTimeNs = startNs + i * 1_000_000L;
            offer(publication, buffer, messages.camera(buffer, 0, camera.id(), i, captureTimeNs, 3));
            offer(otherPublication, buffer, messages.camera(buffer, 0, otherCamera.id(), i, captureTimeNs, 3));
        }
        awaitFusionInputs(2 * frames);

        long newestNs = startNs;
        for (int n = 0; n < collector.count(); n++)
        {
            final long captureTimeNs = collector.captureTimes.getLong(n);
            assertTrue(newestNs - captureTimeNs <= Sequencer.CATCH_UP_WINDOW_NS,
                "input " + n + " captured " + (newestNs - captureTimeNs) + " ns before one forwarded earlier");
            newestNs = Math.max(newestNs, captureTimeNs);
        }
        assertEquals(2 * frames, collector.count());
    }

    @Test
    void gapsDuplicatesAndLateMessagesAreCountedExactly()
    {
        start(new BusContext());
        final ExclusivePublication publication = bus.sensorPublication(camera.index());
        final ExclusivePublication otherPublication = bus.sensorPublication(otherCamera.index());

        final long[] sent = { 0, 1, 2, 5, 5, 3, 3, 4, 6, 10, 9, 7, 2, 3000, 100 };
        final long[] forwarded = { 0, 1, 2, 5, 3, 4, 6, 10, 9, 7, 3000, 100 };
        for (int i = 0; i < sent.length; i++)
        {
            offer(publication, buffer, messages.camera(buffer, 0, camera.id(), sent[i], 1000 + i, 3));
            if (i < 4)
            {
                // Another sensor's sequence, interleaved, is tracked on its own.
                offer(otherPublication, buffer, messages.camera(buffer, 0, otherCamera.id(), i, 1000 + i, 3));
            }
        }
        awaitFusionInputs(forwarded.length + 4);

        final List<Long> forwardedForCamera = new ArrayList<>();
        for (int n = 0; n < collector.count(); n++)
        {
            assertEquals(n, collector.globalSequences.getLong(n));
            if (collector.sensorIds.getInt(n) == camera.id())
            {
                forwardedForCamera.add(collector.sensorSequences.getLong(n));
            }
        }
        final List<Long> expected = new ArrayList<>();
        for (final long s : forwarded)
        {
            expected.add(s);
        }
        assertEquals(expected, forwardedForCamera);

        final CountersReader counters = bus.countersReader();
        // 3 and 4 skipped at 5; 8 at 10 (7 and 9 came late); 11..2999 at 3000.
        assertEquals(2 + 3 + 2989, BusCounters.value(counters, BusCounters.SEQUENCER_GAPS_TYPE_ID, camera.id()));
        assertEquals(3, BusCounters.value(counters, BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, camera.id()));
        assertEquals(5, BusCounters.value(counters, BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, camera.id()));
        assertEquals(forwarded.length, BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_MALFORMED_TYPE_ID, camera.id()));
        assertEquals(4, BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, otherCamera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_GAPS_TYPE_ID, otherCamera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, otherCamera.id()));
        assertEquals(forwarded.length + 4, latency.intervalHistogram(SensorKind.CAMERA).getTotalCount());
    }

    @Test
    void backPressureHoldsMessagesUntilTheConsumerResumesAndLosesNothing()
    {
        // The smallest buffers the bus allows, so a paused consumer fills them quickly.
        start(new BusContext().bufferWindowNs(1_000));
        final ExclusivePublication publication = bus.sensorPublication(camera.index());
        final int fusionInputStreamId = rig.bus().fusionInputStreamId();
        final CountersReader counters = bus.countersReader();
        final int total = 2_000;
        final int objects = 40;

        int offered = 0;
        boolean sensorStreamFull = false;
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!sensorStreamFull ||
            0 == BusCounters.value(counters, BusCounters.FUSION_INPUT_BACK_PRESSURE_TYPE_ID, fusionInputStreamId))
        {
            assertTrue(System.nanoTime() < deadline, "the consumer's stall never reached the sensor stream");
            assertTrue(offered < total, "buffers larger than expected");
            final int length = messages.camera(buffer, 0, camera.id(), offered, offered, objects);
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                offered++;
            }
            else
            {
                sensorStreamFull = Publication.BACK_PRESSURED == result;
            }
            sequencer.doWork();
        }
        for (int i = 0; i < 100; i++)
        {
            sequencer.doWork();
        }
        final long published = sequencer.nextGlobalSequence();
        assertTrue(published < offered, "messages are held in the sensor stream: " + published + " of " + offered);
        assertEquals(published, BusCounters.value(counters, BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID, fusionInputStreamId));
        assertEquals(published, BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, camera.id()));
        assertEquals(0, collector.count());

        // The consumer resumes; the rest is offered as the streams drain.
        final int[] next = { offered };
        Await.until(
            () -> collector.count() == total,
            () ->
            {
                int work = collector.poll(fusionInput, 64) + sequencer.doWork();
                if (next[0] < total)
                {
                    final int length = messages.camera(buffer, 0, camera.id(), next[0], next[0], objects);
                    if (publication.offer(buffer, 0, length) > 0)
                    {
                        next[0]++;
                        work++;
                    }
                }
                return work;
            },
            TIMEOUT,
            () -> collector.count() + " of " + total);

        for (int n = 0; n < total; n++)
        {
            assertEquals(n, collector.globalSequences.getLong(n));
            assertEquals(n, collector.sensorSequences.getLong(n));
        }
        assertTrue(BusCounters.value(counters, BusCounters.FUSION_INPUT_BACK_PRESSURE_TYPE_ID, fusionInputStreamId) >= 1);
        assertEquals(total, BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_GAPS_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, camera.id()));
        assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, camera.id()));
        assertNull(collector.firstProblem());
    }

    @Test
    void aMessageLargerThanOneFrameIsOfferedAndReassembled()
    {
        start(new BusContext());
        final ExclusivePublication publication = bus.sensorPublication(camera.index());
        final int imageLength = RigLoader.MAX_SENSOR_MESSAGE_BYTES - 64;
        final CameraFrameEncoder encoder = new CameraFrameEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.stamp().captureTimeNs(5).sequence(0).sensorId(camera.id());
        encoder.objectsCount(0);
        final UnsafeBuffer image = new UnsafeBuffer(new byte[imageLength]);
        for (int i = 0; i < imageLength; i++)
        {
            image.putByte(i, (byte)i);
        }
        encoder.putCompressedImage(image, 0, imageLength);
        final int length = HEADER + encoder.encodedLength();
        assertTrue(length + BusContext.FUSION_INPUT_ENVELOPE_LENGTH > bus.fusionInputPublication().maxPayloadLength());

        offer(publication, buffer, length);
        offer(publication, buffer, messages.camera(buffer, 0, camera.id(), 1, 6, 2));
        awaitFusionInputs(2);
        assertNull(collector.firstProblem());
        assertEquals(0, collector.sensorSequences.getLong(0));
        assertEquals(1, collector.sensorSequences.getLong(1));
        assertEquals(length, BusCounters.value(bus.countersReader(), BusCounters.SEQUENCER_BYTES_TYPE_ID, camera.id()) -
            (messages.camera(buffer, 0, camera.id(), 1, 6, 2)));
    }

    private void start(final BusContext context)
    {
        bus = Bus.launch(context.rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
        fusionInput = bus.addFusionInputSubscription();
        sequencer = new Sequencer(bus, clock, latency);
        sequencer.onStart();
    }

    private void offer(final ExclusivePublication publication, final MutableDirectBuffer message, final int length)
    {
        Await.until(
            () -> publication.offer(message, 0, length) > 0,
            () -> sequencer.doWork() + collector.poll(fusionInput, 64),
            TIMEOUT,
            () -> "offer on stream " + publication.streamId());
    }

    private void awaitFusionInputs(final long count)
    {
        Await.until(
            () -> collector.count() >= count,
            () -> sequencer.doWork() + collector.poll(fusionInput, 64),
            TIMEOUT,
            () -> collector.count() + " of " + count + " fusion inputs");
    }

    private IntUnaryOperator patchShort(final int offset, final int value)
    {
        return (length) ->
        {
            buffer.putShort(offset, (short)value, ORDER);
            return length;
        };
    }

    private static int worldModel(final UnsafeBuffer buffer)
    {
        final WorldModelEncoder encoder = new WorldModelEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.objectsCount(0);
        encoder.putOccupancy(buffer, 0, 0);
        return HEADER + encoder.encodedLength();
    }

    private SensorConfig firstOf(final SensorKind kind)
    {
        return rig.sensors().stream().filter((sensor) -> sensor.kind() == kind).findFirst().orElseThrow();
    }

    private record Case(MalformedReason reason, IntUnaryOperator corruption)
    {
    }
}
