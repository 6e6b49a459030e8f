package io.fusebox.bench.peer;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Ping-pong round trips through our bus, for the side-by-side with a peer middleware
 * ({@code bench/peer/pingpong.sh}): a {@link Bus} as the runtime launches it (embedded media driver, the rig's
 * output channels, so the same IPC channel, term and MTU parameters, and the profile's idle strategy), a ping agent
 * and a pong agent each on a thread of its own run by {@link AgentThreads}. The ping sends the next message as soon
 * as the pong's echo arrives (as {@code ddsperf ping} does) and records each round trip in HdrHistogram.
 *
 * <p>Usage: {@code BusPingPong SIZE SECONDS PROFILE [AGENT_PROFILE]} (e.g. {@code 32 10 thor}): PROFILE sets up the
 * bus and its media driver, AGENT_PROFILE (PROFILE unless given) the ping and pong threads' idle strategy. On a
 * machine with two cores, {@code laptop thor} is the latency layout: the two threads on the data path spin, the
 * driver (not on the IPC data path) backs off, so nothing spins beyond the cores. Prints one JSON object: whole-run
 * percentiles, and the median over the measured seconds of each second's p50 and p99 (the statistic ddsperf
 * reports per second, so the two sides compare like for like). The first two seconds are warm-up.
 */
public final class BusPingPong
{
    private static final int WARMUP_SECONDS = 2;
    private static final int PING_PONG_TERM_LENGTH = 16 * 1024 * 1024;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);

    private BusPingPong()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (3 != args.length && 4 != args.length)
        {
            System.err.println("usage: BusPingPong SIZE SECONDS PROFILE [AGENT_PROFILE]");
            System.exit(2);
        }
        final int size = Integer.parseInt(args[0]);
        final int seconds = Integer.parseInt(args[1]);
        final Profile profile = Profile.fromName(args[2]);
        final Profile agentProfile = 4 == args.length ? Profile.fromName(args[3]) : profile;
        if (size < Long.BYTES || seconds < 1)
        {
            throw new IllegalArgumentException("SIZE must be >= 8 bytes and SECONDS >= 1, were " + size + ", " + seconds);
        }

        final Rig rig = RigLoader.loadDefault();
        final SingleWriterRecorder roundTrips = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 3);
        final Histogram total = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final List<Histogram> perSecond = new ArrayList<>();
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(profile)))
        {
            final BusContext context = bus.context();
            // The output channels as the runtime configures them, with a term long enough that a ping-pong at full
            // speed never waits for the driver's conductor to move the publication limit: the runtime's terms are
            // sized for 10 Hz world models, and on two cores a conductor wake-up behind two spinning threads costs
            // milliseconds, which would measure the scheduler instead of the transport.
            final String pingChannel = withTermLength(context.worldModelPublicationChannel());
            final String pongChannel = withTermLength(context.trajectoryPublicationChannel());
            final ExclusivePublication pingPublication = bus.aeron().addExclusivePublication(
                pingChannel, rig.bus().worldModelStreamId());
            final Subscription pingSubscription = bus.aeron().addSubscription(
                pingChannel, rig.bus().worldModelStreamId());
            final ExclusivePublication pongPublication = bus.aeron().addExclusivePublication(
                pongChannel, rig.bus().trajectoryStreamId());
            final Subscription pongSubscription = bus.aeron().addSubscription(
                pongChannel, rig.bus().trajectoryStreamId());
            if (pingPublication.maxMessageLength() < size || pongPublication.maxMessageLength() < size)
            {
                throw new IllegalArgumentException("SIZE: " + size + " bytes is more than the bus's output channels " +
                    "carry (" + Math.min(pingPublication.maxMessageLength(), pongPublication.maxMessageLength()) + ")");
            }
            final Ping ping = new Ping(pingPublication, pongSubscription, size, roundTrips);
            final Pong pong = new Pong(pongPublication, pingSubscription);
            AgentThreads pongThread = null;
            AgentThreads pingThread = null;
            try
            {
                pongThread = AgentThreads.start(bus, agentProfile, pong);
                pingThread = AgentThreads.start(bus, agentProfile, ping);
                Histogram interval = null;
                for (int second = 0; second < WARMUP_SECONDS + seconds; second++)
                {
                    TimeUnit.SECONDS.sleep(1);
                    interval = roundTrips.getIntervalHistogram(interval);
                    if (second >= WARMUP_SECONDS)
                    {
                        perSecond.add(interval.copy());
                        total.add(interval);
                    }
                }
            }
            finally
            {
                CloseHelper.closeAll(pingThread, pongThread, pongSubscription, pongPublication, pingSubscription,
                    pingPublication);
            }
        }

        final double[] p50 = new double[perSecond.size()];
        final double[] p99 = new double[perSecond.size()];
        for (int i = 0; i < perSecond.size(); i++)
        {
            p50[i] = perSecond.get(i).getValueAtPercentile(50) / 1e3;
            p99[i] = perSecond.get(i).getValueAtPercentile(99) / 1e3;
        }
        System.out.printf(Locale.ROOT, "{\"size\": %d, \"profile\": \"%s\", \"agentProfile\": \"%s\", \"roundTrips\": %d, " +
            "\"p50Us\": %.3f, \"p99Us\": %.3f, \"runP50Us\": %.3f, \"runP99Us\": %.3f, \"runP999Us\": %.3f, " +
            "\"runMaxUs\": %.3f}%n", size, profile.name().toLowerCase(Locale.ROOT), agentProfile.name().toLowerCase(Locale.ROOT), total.getTotalCount(),
            median(p50), median(p99), total.getValueAtPercentile(50) / 1e3, total.getValueAtPercentile(99) / 1e3,
            total.getValueAtPercentile(99.9) / 1e3, total.getMaxValue() / 1e3);
    }

    private static String withTermLength(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(PING_PONG_TERM_LENGTH));
        return uri.toString();
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        final int n = sorted.length;
        return 0 == n ? Double.NaN : (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }

    /**
     * Sends a message stamped with its send time whenever none is in flight; records the round trip when the echo
     * comes back.
     */
    static final class Ping implements Agent
    {
        private final ExclusivePublication publication;
        private final Subscription echoes;
        private final int size;
        private final SingleWriterRecorder roundTrips;
        private final UnsafeBuffer message;
        private final FragmentAssembler assembler = new FragmentAssembler(this::onEcho);
        private boolean inFlight;

        Ping(final ExclusivePublication publication, final Subscription echoes, final int size,
            final SingleWriterRecorder roundTrips)
        {
            this.publication = publication;
            this.echoes = echoes;
            this.size = size;
            this.roundTrips = roundTrips;
            message = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
        }

        public String roleName()
        {
            return "ping";
        }

        public int doWork()
        {
            int workCount = 0;
            if (!inFlight)
            {
                message.putLong(0, System.nanoTime());
                if (publication.offer(message, 0, size) > 0)
                {
                    inFlight = true;
                    workCount++;
                }
            }
            return workCount + echoes.poll(assembler, 1);
        }

        private void onEcho(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            roundTrips.recordValue(Math.min(System.nanoTime() - buffer.getLong(offset), HIGHEST_TRACKABLE_NS));
            inFlight = false;
        }
    }

    /**
     * Echoes every message it receives, unchanged; an echo the stream cannot take yet is held and offered again
     * next duty cycle, and nothing more is read meanwhile.
     */
    static final class Pong implements Agent
    {
        private final ExclusivePublication publication;
        private final Subscription pings;
        private final FragmentAssembler assembler = new FragmentAssembler(this::onPing);
        private final UnsafeBuffer held;
        private int heldLength;

        Pong(final ExclusivePublication publication, final Subscription pings)
        {
            this.publication = publication;
            this.pings = pings;
            held = new UnsafeBuffer(ByteBuffer.allocateDirect(publication.maxMessageLength()));
        }

        public String roleName()
        {
            return "pong";
        }

        public int doWork()
        {
            if (heldLength > 0)
            {
                if (publication.offer(held, 0, heldLength) < 0)
                {
                    return 0;
                }
                heldLength = 0;
            }
            return pings.poll(assembler, 1);
        }

        private void onPing(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (publication.offer(buffer, offset, length) < 0)
            {
                held.putBytes(0, buffer, offset, length);
                heldLength = length;
            }
        }
    }
}
