package io.fusebox.runtime.bus;

import io.aeron.ChannelUri;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.Configuration;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.codec.UltrasonicEchoEncoder;
import io.fusebox.sensors.codec.VehicleStateEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.SystemUtil;

import java.io.File;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of the {@link Bus}: fluent setters, defaults from system properties where a person
 * would tune them, and {@link #conclude()} that validates, derives the per-stream buffer sizes, and
 * fails naming the field and the reason. After {@code conclude()} nothing changes.
 *
 * <p>Term lengths are derived per stream from the sensor's message rate times its largest message,
 * held for {@link #bufferWindowNs()}: that is how long a stalled consumer may fall behind before its
 * publisher sees back pressure. An IPC publication may run half a term ahead of its slowest
 * subscriber, so a term holds two windows; and a term holds at least eight of the stream's largest
 * frames, as Aeron requires.
 */
public final class BusContext
{
    /** Profile name: laptop, board or thor. */
    public static final String PROFILE_PROP_NAME = "fusebox.profile";
    public static final String PROFILE_DEFAULT = "laptop";
    /**
     * On a laptop: the CPU the pipeline thread is pinned to, one the launcher keeps the rest of the JVM off when asked
     * ({@code FUSEBOX_PIPELINE_CPU=last} or {@code =N}); unset, every thread floats.
     */
    public static final String PIPELINE_CPU_PROP_NAME = "fusebox.pipeline.cpu";

    /** true: launch a media driver inside the process; false: connect to the one at {@code aeron.dir}. */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "fusebox.bus.embedded.driver";

    /** Where an embedded driver's fresh directory is made; /dev/shm where there is one. */
    public static final String EMBEDDED_DRIVER_PARENT_DIR_PROP_NAME = "fusebox.bus.embedded.driver.parent.dir";

    /** How long a consumer may stall before publishers see back pressure, e.g. 20ms. */
    public static final String BUFFER_WINDOW_PROP_NAME = "fusebox.bus.buffer.window";
    public static final long BUFFER_WINDOW_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Upper bound on any one stream's term length. */
    public static final String MAX_TERM_LENGTH_PROP_NAME = "fusebox.bus.max.term.length";
    public static final int MAX_TERM_LENGTH_DEFAULT = 16 * 1024 * 1024;

    /** Largest MTU Aeron accepts (64 KiB less a UDP header): a full LiDAR sector travels as one frame. */
    public static final int IPC_MTU_LENGTH = Configuration.MAX_UDP_PAYLOAD_LENGTH;

    /** Smallest MTU given to a stream of small messages, Aeron's IPC default. */
    public static final int MIN_MTU_LENGTH = Configuration.IPC_MTU_LENGTH_DEFAULT;

    /** Envelope the sequencer adds around a sensor message: header, fixed block, var-data length. */
    public static final int FUSION_INPUT_ENVELOPE_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + FusionInputEncoder.BLOCK_LENGTH + FusionInputEncoder.sensorMessageHeaderLength();

    /** Every sensor of the rig: the default {@link #sensorPublicationMask(long)}. */
    public static final long ALL_SENSORS = -1L;

    private static final long MAX_BUFFER_WINDOW_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int VAR_DATA_OR_GROUP_HEADER_LENGTH = 4;

    private boolean isConcluded;
    private Rig rig;
    private Profile profile;
    private Boolean embeddedDriver;
    private String aeronDirectoryName;
    private boolean isAeronDirectoryGenerated;
    private long bufferWindowNs = -1;
    private int maxTermLength = -1;
    private long driverTimeoutMs = TimeUnit.SECONDS.toMillis(10);
    private ErrorHandler errorHandler;
    private ThreadFactory agentThreadFactory;
    private ThreadFactory pipelineThreadFactory;
    private String pipelineCpu = "";
    private long sensorPublicationMask = ALL_SENSORS;

    private String[] sensorPublicationChannels;
    private int[] sensorTermLengths;
    private int[] sensorMaxMessageLengths;
    private String fusionInputPublicationChannel;
    private int fusionInputTermLength;
    private String worldModelPublicationChannel;
    private String trajectoryPublicationChannel;
    private String healthPublicationChannel;
    private int outputTermLength;
    private long logBufferLength;
    private boolean isIpcOnly;

    /**
     * Validates and derives. Called by {@link Bus#launch(BusContext)}.
     *
     * @return this.
     * @throws ConfigurationException naming the field and the reason.
     */
    public BusContext conclude()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("BusContext already concluded");
        }

        if (null == rig)
        {
            rig = RigLoader.loadDefault();
        }
        if (null == profile)
        {
            try
            {
                profile = Profile.fromName(System.getProperty(PROFILE_PROP_NAME, PROFILE_DEFAULT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw fail("profile (" + PROFILE_PROP_NAME + ")", ex.getMessage());
            }
        }
        if (null == embeddedDriver)
        {
            embeddedDriver = Boolean.parseBoolean(System.getProperty(EMBEDDED_DRIVER_PROP_NAME, "true"));
        }
        concludeAeronDirectory();

        if (bufferWindowNs < 0)
        {
            bufferWindowNs = SystemUtil.getDurationInNanos(BUFFER_WINDOW_PROP_NAME, BUFFER_WINDOW_DEFAULT_NS);
        }
        if (bufferWindowNs <= 0 || bufferWindowNs > MAX_BUFFER_WINDOW_NS)
        {
            throw fail("bufferWindowNs", "must be in (0, 10s], was " + bufferWindowNs + "ns");
        }
        if (maxTermLength < 0)
        {
            maxTermLength = SystemUtil.getSizeAsInt(MAX_TERM_LENGTH_PROP_NAME, MAX_TERM_LENGTH_DEFAULT);
        }
        final int smallestMaxTermLength = 8 * BitUtil.findNextPositivePowerOfTwo(IPC_MTU_LENGTH);
        if (!BitUtil.isPowerOfTwo(maxTermLength) || maxTermLength < smallestMaxTermLength ||
            maxTermLength > LogBufferDescriptor.TERM_MAX_LENGTH)
        {
            throw fail("maxTermLength", "must be a power of two in [" + smallestMaxTermLength + ", " +
                LogBufferDescriptor.TERM_MAX_LENGTH + "], was " + maxTermLength);
        }
        if (driverTimeoutMs <= 0)
        {
            throw fail("driverTimeoutMs", "must be positive, was " + driverTimeoutMs);
        }
        if (null == errorHandler)
        {
            errorHandler = (throwable) -> throwable.printStackTrace(System.err);
        }
        if (null == agentThreadFactory)
        {
            final String cpus = System.getProperty(CorePinning.CPUS_PROP_NAME, "");
            try
            {
                // Pinning belongs to a board, where each spinning thread owns its core; a laptop's threads float, and
                // ask for a short scheduler slice and timer slack so that they get a core soon after waking on a
                // machine shared with busier processes.
                agentThreadFactory = Profile.BOARD == profile ?
                    (cpus.isBlank() ? Thread::new : new CorePinning(cpus)) :
                    PromptWakeThreadFactory.fromSystemProperties(Thread::new);
            }
            catch (final IllegalArgumentException ex)
            {
                throw fail("agentThreadFactory (" + CorePinning.CPUS_PROP_NAME + "=" + cpus + ")", ex.getMessage());
            }
        }
        if (null == pipelineThreadFactory)
        {
            final String cpu = System.getProperty(PIPELINE_CPU_PROP_NAME, "");
            try
            {
                // A laptop's pipeline thread alone on a CPU that the launcher keeps the rest of the JVM off: on two
                // cores, the rig's simulated sensors, the driver and the JIT otherwise took the core from it in the
                // middle of a tick (off CPU 111 µs of a 389 µs planning cycle at the median, 2 ms at p99).
                if (Profile.BOARD == profile || cpu.isBlank())
                {
                    pipelineThreadFactory = agentThreadFactory;
                }
                else
                {
                    pipelineThreadFactory = PromptWakeThreadFactory.fromSystemProperties(new CorePinning(cpu));
                    pipelineCpu = cpu.trim();
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw fail("pipelineThreadFactory (" + PIPELINE_CPU_PROP_NAME + "=" + cpu + ")", ex.getMessage());
            }
        }

        deriveStreams();
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    public BusContext rig(final Rig rig)
    {
        checkNotConcluded();
        this.rig = rig;
        return this;
    }

    public Rig rig()
    {
        return rig;
    }

    public BusContext profile(final Profile profile)
    {
        checkNotConcluded();
        this.profile = profile;
        return this;
    }

    public Profile profile()
    {
        return profile;
    }

    /**
     * @param embeddedDriver true (the default) to launch a media driver in a fresh directory owned by the bus;
     *                       false to connect to a running driver at {@link #aeronDirectoryName()}.
     */
    public BusContext embeddedDriver(final boolean embeddedDriver)
    {
        checkNotConcluded();
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    public boolean embeddedDriver()
    {
        return Boolean.TRUE.equals(embeddedDriver);
    }

    /**
     * @param aeronDirectoryName of the external driver; or, for an embedded driver, a directory that must not
     *                           exist yet (by default a fresh one is made).
     */
    public BusContext aeronDirectoryName(final String aeronDirectoryName)
    {
        checkNotConcluded();
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @return true when the directory was made up by {@link #conclude()}, so the bus deletes it on close.
     */
    public boolean isAeronDirectoryGenerated()
    {
        return isAeronDirectoryGenerated;
    }

    public BusContext bufferWindowNs(final long bufferWindowNs)
    {
        checkNotConcluded();
        this.bufferWindowNs = bufferWindowNs;
        return this;
    }

    public long bufferWindowNs()
    {
        return bufferWindowNs;
    }

    public BusContext maxTermLength(final int maxTermLength)
    {
        checkNotConcluded();
        this.maxTermLength = maxTermLength;
        return this;
    }

    public int maxTermLength()
    {
        return maxTermLength;
    }

    public BusContext driverTimeoutMs(final long driverTimeoutMs)
    {
        checkNotConcluded();
        this.driverTimeoutMs = driverTimeoutMs;
        return this;
    }

    public long driverTimeoutMs()
    {
        return driverTimeoutMs;
    }

    /**
     * @param errorHandler where errors go once the bus has counted and logged them; stderr by default.
     */
    public BusContext errorHandler(final ErrorHandler errorHandler)
    {
        checkNotConcluded();
        this.errorHandler = errorHandler;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * The seam for thread placement: {@link AgentThreads} makes every agent thread with this factory, names
     * it after the agent's role before it starts, and a board deployment pins it to a core from inside the
     * runnable (by {@code Thread.currentThread().getName()}). The media driver's threads come from it too.
     * Default: a {@link CorePinning} over the CPUs of {@code fusebox.cpus} on the board profile, else plain threads.
     */
    public BusContext agentThreadFactory(final ThreadFactory agentThreadFactory)
    {
        checkNotConcluded();
        this.agentThreadFactory = agentThreadFactory;
        return this;
    }

    public ThreadFactory agentThreadFactory()
    {
        return agentThreadFactory;
    }

    /**
     * @param pipelineThreadFactory makes the thread(s) of the latency-critical pipeline (sequencer, fusion, planner).
     *                              By default the agent thread factory, except on a laptop whose launcher reserved a
     *                              CPU for it ({@value #PIPELINE_CPU_PROP_NAME}): then the pipeline is pinned there.
     * @return this.
     */
    public BusContext pipelineThreadFactory(final ThreadFactory pipelineThreadFactory)
    {
        checkNotConcluded();
        this.pipelineThreadFactory = pipelineThreadFactory;
        return this;
    }

    public ThreadFactory pipelineThreadFactory()
    {
        return pipelineThreadFactory;
    }

    /**
     * @return the CPU the pipeline thread is pinned to from {@value #PIPELINE_CPU_PROP_NAME} once concluded, or empty
     * when it floats (or has its own pinning, as on the board).
     */
    public String pipelineCpu()
    {
        return pipelineCpu;
    }

    /**
     * @param sensorPublicationMask bit i set: this bus publishes the sensor at rig index i. All by default; a rig
     *                              spread over boards publishes on each board only the sensors attached to it.
     */
    public BusContext sensorPublicationMask(final long sensorPublicationMask)
    {
        checkNotConcluded();
        this.sensorPublicationMask = sensorPublicationMask;
        return this;
    }

    public long sensorPublicationMask()
    {
        return sensorPublicationMask;
    }

    /**
     * @return true when this bus publishes the sensor at rig index {@code sensorIndex}.
     */
    public boolean publishesSensor(final int sensorIndex)
    {
        return 0 != (sensorPublicationMask & (1L << sensorIndex));
    }

    /**
     * @return the channel the sensor at rig index {@code sensorIndex} publishes on: its channel in the rig
     * with this stream's term length (and MTU, on IPC) added unless the rig already gives them.
     */
    public String sensorPublicationChannel(final int sensorIndex)
    {
        return sensorPublicationChannels[sensorIndex];
    }

    public int sensorTermLength(final int sensorIndex)
    {
        return sensorTermLengths[sensorIndex];
    }

    /**
     * @return the largest message the sensor at rig index {@code sensorIndex} can send, by its kind and spec.
     */
    public int sensorMaxMessageLength(final int sensorIndex)
    {
        return sensorMaxMessageLengths[sensorIndex];
    }

    public String fusionInputPublicationChannel()
    {
        return fusionInputPublicationChannel;
    }

    public int fusionInputTermLength()
    {
        return fusionInputTermLength;
    }

    public String worldModelPublicationChannel()
    {
        return worldModelPublicationChannel;
    }

    public String trajectoryPublicationChannel()
    {
        return trajectoryPublicationChannel;
    }

    public String healthPublicationChannel()
    {
        return healthPublicationChannel;
    }

    private String outputChannel(final String field, final String channel)
    {
        final ChannelUri uri = parse(field, channel);
        isIpcOnly &= uri.isIpc();
        outputTermLength = applyStreamParameters(field, uri, RigLoader.MAX_SENSOR_MESSAGE_BYTES, 0);
        return uri.toString();
    }

    /**
     * @return true when every stream of the bus, each sensor's included, is {@code aeron:ipc}: the media driver
     * then moves no data, only bookkeeping (publication limits, cleaning terms), so it need not be quick to wake
     * ({@link Profile#newDriverIdleStrategy(boolean)}).
     */
    public boolean isIpcOnly()
    {
        return isIpcOnly;
    }

    /**
     * @return bytes of log buffers the bus's publications map (three terms and a metadata page each),
     * the bulk of what the bus puts in shared memory.
     */
    public long logBufferLength()
    {
        return logBufferLength;
    }

    /**
     * @return the largest message a sensor of this kind and spec can send; a camera may attach a compressed
     * image, so it may use the whole of {@link RigLoader#MAX_SENSOR_MESSAGE_BYTES}.
     */
    public static int maxMessageLength(final SensorConfig sensor)
    {
        final int header = MessageHeaderEncoder.ENCODED_LENGTH;
        final long length;
        switch (sensor.kind())
        {
            case RADAR:
                length = header + RadarScanEncoder.BLOCK_LENGTH + VAR_DATA_OR_GROUP_HEADER_LENGTH +
                    (long)sensor.radar().maxDetections() * RadarScanEncoder.DetectionsEncoder.sbeBlockLength();
                break;
            case LIDAR:
                length = header + LidarSectorEncoder.BLOCK_LENGTH + VAR_DATA_OR_GROUP_HEADER_LENGTH +
                    (long)sensor.lidar().maxPointsPerSector() * LidarSectorEncoder.PointsEncoder.sbeBlockLength();
                break;
            case ULTRASONIC:
                length = header + UltrasonicEchoEncoder.BLOCK_LENGTH;
                break;
            case VEHICLE_STATE:
                length = header + VehicleStateEncoder.BLOCK_LENGTH;
                break;
            default:
                length = RigLoader.MAX_SENSOR_MESSAGE_BYTES;
                break;
        }
        return (int)Math.min(length, RigLoader.MAX_SENSOR_MESSAGE_BYTES);
    }

    private void concludeAeronDirectory()
    {
        if (embeddedDriver)
        {
            if (null == aeronDirectoryName)
            {
                final String parent = System.getProperty(EMBEDDED_DRIVER_PARENT_DIR_PROP_NAME, defaultParentDirectory());
                aeronDirectoryName = new File(parent, "fusebox-" + ProcessHandle.current().pid() + "-" +
                    Long.toHexString(ThreadLocalRandom.current().nextLong())).getAbsolutePath();
                isAeronDirectoryGenerated = true;
            }
            else if (new File(aeronDirectoryName).exists())
            {
                throw fail("aeronDirectoryName", aeronDirectoryName +
                    " exists: an embedded driver starts in a fresh directory (leave it unset to get one)");
            }
        }
        else
        {
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = CommonContext.getAeronDirectoryName();
            }
            if (!new File(aeronDirectoryName, CncFileDescriptor.CNC_FILE).exists())
            {
                throw fail("aeronDirectoryName", "no media driver at " + aeronDirectoryName + " (no " +
                    CncFileDescriptor.CNC_FILE + "); start one, or use the embedded driver");
            }
        }
    }

    private static String defaultParentDirectory()
    {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() ? shm.getPath() : System.getProperty("java.io.tmpdir");
    }

    private void deriveStreams()
    {
        final int sensorCount = rig.sensorCount();
        sensorPublicationChannels = new String[sensorCount];
        sensorTermLengths = new int[sensorCount];
        sensorMaxMessageLengths = new int[sensorCount];
        final double windowSeconds = bufferWindowNs / 1e9;
        double fusionInputBytesPerSecond = 0;
        long total = 0;
        isIpcOnly = true;

        for (int i = 0; i < sensorCount; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            final int maxMessage = maxMessageLength(sensor);
            sensorMaxMessageLengths[i] = maxMessage;
            final double bytesPerSecond = sensor.messageRateHz() * frameLength(maxMessage);
            final ChannelUri uri = parse("sensor " + sensor.name(), sensor.channel());
            isIpcOnly &= uri.isIpc();
            final int termLength = applyStreamParameters(
                "sensor " + sensor.name(), uri, maxMessage, bytesPerSecond * windowSeconds);
            sensorPublicationChannels[i] = uri.toString();
            sensorTermLengths[i] = termLength;
            total += publishesSensor(i) ? logLength(termLength) : 0;
            fusionInputBytesPerSecond += sensor.messageRateHz() * frameLength(maxMessage + FUSION_INPUT_ENVELOPE_LENGTH);
        }

        final ChannelUri uri = parse("bus.fusionInputChannel", rig.bus().fusionInputChannel());
        isIpcOnly &= uri.isIpc();
        fusionInputTermLength = applyStreamParameters(
            "bus.fusionInputChannel",
            uri,
            RigLoader.MAX_SENSOR_MESSAGE_BYTES + FUSION_INPUT_ENVELOPE_LENGTH,
            fusionInputBytesPerSecond * windowSeconds);
        fusionInputPublicationChannel = uri.toString();
        total += logLength(fusionInputTermLength);

        // Outputs: a world model (objects + occupancy grid), a trajectory or a health report can be as large as
        // one sensor message; a handful per second, so the eight-message minimum decides the term length.
        worldModelPublicationChannel = outputChannel("bus.worldModelChannel", rig.bus().worldModelChannel());
        trajectoryPublicationChannel = outputChannel("bus.trajectoryChannel", rig.bus().trajectoryChannel());
        healthPublicationChannel = outputChannel("bus.healthChannel", rig.bus().healthChannel());
        total += 3L * logLength(outputTermLength);
        logBufferLength = total;
    }

    /**
     * Adds term length and (on IPC) MTU to a publication channel unless the rig gave them.
     *
     * @return the stream's term length.
     */
    private int applyStreamParameters(
        final String field, final ChannelUri uri, final int maxMessage, final double windowBytes)
    {
        final int mtu;
        if (uri.containsKey(CommonContext.MTU_LENGTH_PARAM_NAME))
        {
            mtu = (int)SystemUtil.parseSize(field, uri.get(CommonContext.MTU_LENGTH_PARAM_NAME));
        }
        else if (uri.isIpc())
        {
            mtu = Math.max(MIN_MTU_LENGTH, Math.min(IPC_MTU_LENGTH, frameLength(maxMessage)));
            uri.put(CommonContext.MTU_LENGTH_PARAM_NAME, Integer.toString(mtu));
        }
        else
        {
            mtu = profile.udpMtuLength();
            uri.put(CommonContext.MTU_LENGTH_PARAM_NAME, Integer.toString(mtu));
        }

        if (uri.containsKey(CommonContext.TERM_LENGTH_PARAM_NAME))
        {
            final int termLength = (int)SystemUtil.parseSize(field, uri.get(CommonContext.TERM_LENGTH_PARAM_NAME));
            if (FrameDescriptor.computeMaxMessageLength(termLength) < maxMessage)
            {
                throw fail(field, "term-length " + termLength + " cannot carry a " + maxMessage + "-byte message");
            }
            return termLength;
        }

        // A term holds 2 windows (a publication runs at most half a term ahead) and at least 8 of the largest
        // message or frame (Aeron's limit on one message, and on the MTU, is an eighth of the term).
        final long wanted = Math.max(
            (long)Math.ceil(2 * windowBytes), 8L * Math.max(mtu, maxMessage));
        final int termLength = (int)Math.min(
            maxTermLength,
            BitUtil.findNextPositivePowerOfTwo(Math.max(LogBufferDescriptor.TERM_MIN_LENGTH, wanted)));
        uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(termLength));
        return termLength;
    }

    private static ChannelUri parse(final String field, final String channel)
    {
        try
        {
            return ChannelUri.parse(channel);
        }
        catch (final IllegalArgumentException ex)
        {
            throw fail(field, "not an Aeron channel: " + channel + " (" + ex.getMessage() + ")");
        }
    }

    private static int frameLength(final int messageLength)
    {
        return BitUtil.align(messageLength + DataHeaderFlyweight.HEADER_LENGTH, FrameDescriptor.FRAME_ALIGNMENT);
    }

    private static long logLength(final int termLength)
    {
        return (long)LogBufferDescriptor.PARTITION_COUNT * termLength + LogBufferDescriptor.LOG_META_DATA_LENGTH;
    }

    private static ConfigurationException fail(final String field, final String reason)
    {
        return new ConfigurationException("BusContext." + field + ": " + reason);
    }

    private void checkNotConcluded()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("BusContext is concluded; it no longer changes");
        }
    }

    public String toString()
    {
        return "BusContext{" +
            "rig=" + (null == rig ? null : rig.name()) +
            ", profile=" + profile +
            ", embeddedDriver=" + embeddedDriver +
            ", aeronDirectoryName='" + aeronDirectoryName + '\'' +
            ", bufferWindowNs=" + bufferWindowNs +
            ", fusionInputTermLength=" + fusionInputTermLength +
            ", logBufferLength=" + logBufferLength +
            '}';
    }
}
