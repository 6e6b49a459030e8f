package io.fusebox.replay.log;

import io.fusebox.replay.testing.TestMessages;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;

/**
 * Run as a child JVM by {@link TornDriveLogTest}, and killed there with SIGKILL. Records fusion inputs
 * into a drive log and never closes it:
 * <ul>
 *   <li>{@code continuous DIR}: appends without pause, printing {@code recorded N} every 1000 entries, until killed;</li>
 *   <li>{@code inside-entry DIR N}: appends N entries, then opens one more document, writes part of it, prints
 *   {@code inside entry} and waits to be killed there.</li>
 * </ul>
 */
public final class TornLogWriter
{
    private static final long START_NS = 1_800_000_000_000_000_000L;

    public static void main(final String[] args) throws Exception
    {
        final String mode = args[0];
        final Path directory = Path.of(args[1]);
        final TestMessages messages = new TestMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128 * 1024);
        final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().directory(directory)
            .scenario("killed").startTimeNs(START_NS).blockSize(DriveLogContext.MIN_BLOCK_SIZE * 4));
        final long limit = "inside-entry".equals(mode) ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        for (long i = 0; i < limit; i++)
        {
            final long receiveNs = START_NS + i * 100_000L;
            final int length = i % 8 == 0 ?
                messages.lidarInput(buffer, 0, i, receiveNs, 31, i / 8, 1000 + (int)(i % 1000)) :
                messages.cameraInput(buffer, 0, i, receiveNs, 1 + (int)(i % 12), i, (int)(i % 9));
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, length);
            if ((i + 1) % 1000 == 0)
            {
                System.out.println("recorded " + (i + 1));
            }
        }

        // The writer's own entries are all whole; a second appender on the queue starts one and stops inside it.
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory).build())
        {
            final ExcerptAppender appender = queue.createAppender();
            final DocumentContext document = appender.writingDocument();
            document.wire().bytes().writeByte((byte)RecordedStream.FUSION_INPUT.code()).writeByte((byte)1);
            document.wire().bytes().write(new byte[5000]);
            System.out.println("inside entry");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
