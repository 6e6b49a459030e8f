package io.fusebox.sensors.message;

/**
 * Why a message was refused. {@link #OK} means it may be trusted. The numbering is part of what a
 * running system exposes (counters are keyed by it), so values are only ever appended.
 */
public enum MalformedReason
{
    /** The message is well formed. */
    OK,
    /** Shorter than the SBE message header. */
    TRUNCATED_HEADER,
    /** The header names another schema. */
    WRONG_SCHEMA_ID,
    /** Encoded by a newer schema version than this build knows; replay of it could not be exact. */
    NEWER_VERSION,
    /** No message of this schema has the template id. */
    UNKNOWN_TEMPLATE,
    /** The acting block length is below what the template needs at the acting version. */
    BLOCK_LENGTH_TOO_SHORT,
    /** The fixed block runs past the end of the message. */
    TRUNCATED_BODY,
    /** A repeating group's dimension header runs past the end of the message. */
    TRUNCATED_GROUP_HEADER,
    /** A repeating group's element block length is below what its fields need. */
    GROUP_BLOCK_LENGTH_TOO_SHORT,
    /** numInGroup x blockLength runs past the end of the message. */
    GROUP_PAST_BUFFER,
    /** A var-data length field runs past the end of the message. */
    TRUNCATED_VAR_DATA_HEADER,
    /** A var-data element runs past the end of the message. */
    VAR_DATA_PAST_BUFFER,
    /** A well-formed message where only a sensor message may be (a sensor stream, a fusion input). */
    NOT_A_SENSOR_MESSAGE,
    /** A sensor message whose stamp names another sensor than the stream it came on: misrouted. */
    SENSOR_ID_MISMATCH,
    /** A sensor message whose stamp carries a negative sequence; sequences start at 0. */
    NEGATIVE_SEQUENCE;

    private static final MalformedReason[] REASONS = values();

    /**
     * @return the reason with this ordinal; no array copy, unlike {@code values()}.
     */
    public static MalformedReason get(final int ordinal)
    {
        return REASONS[ordinal];
    }

    /**
     * @return the number of reasons, {@link #OK} included.
     */
    public static int count()
    {
        return REASONS.length;
    }
}
