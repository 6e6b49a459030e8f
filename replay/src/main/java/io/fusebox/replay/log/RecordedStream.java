package io.fusebox.replay.log;

import io.fusebox.sensors.codec.FusionInputDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;

/**
 * The bus streams a drive log records. Each entry on disk is tagged with its stream's code, and
 * carries one message of the stream's template as it crossed the bus, SBE header included.
 */
public enum RecordedStream
{
    /** The sequencer's ordered stream: the determinism boundary that replay publishes again. */
    FUSION_INPUT(1, FusionInputDecoder.TEMPLATE_ID, "fusion-input"),
    /** Fusion's output; replay --verify compares against it. */
    WORLD_MODEL(2, WorldModelDecoder.TEMPLATE_ID, "world-model"),
    /** The planner's output; replay --verify compares against it. */
    TRAJECTORY(3, TrajectoryDecoder.TEMPLATE_ID, "trajectory"),
    /** Sensor health reports. */
    HEALTH(4, SensorHealthDecoder.TEMPLATE_ID, "health");

    private static final RecordedStream[] STREAMS = values();
    private static final RecordedStream[] BY_CODE = new RecordedStream[8];

    static
    {
        for (final RecordedStream stream : STREAMS)
        {
            BY_CODE[stream.code] = stream;
        }
    }

    private final int code;
    private final int templateId;
    private final String label;

    RecordedStream(final int code, final int templateId, final String label)
    {
        this.code = code;
        this.templateId = templateId;
        this.label = label;
    }

    /**
     * @return the tag of this stream's entries on disk; never changes once logs exist.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the SBE template id every message of this stream carries.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * @return the name people see, e.g. {@code world-model}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return the stream with this on-disk code, or null for any other value.
     */
    public static RecordedStream forCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return the stream at this ordinal, without the copy {@code values()} makes.
     */
    public static RecordedStream get(final int ordinal)
    {
        return STREAMS[ordinal];
    }

    /**
     * @return the number of recorded streams.
     */
    public static int count()
    {
        return STREAMS.length;
    }
}
