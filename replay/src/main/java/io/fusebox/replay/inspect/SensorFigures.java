package io.fusebox.replay.inspect;

/**
 * What a drive log holds of one sensor.
 *
 * @param sensorId        from the messages' stamps.
 * @param name            in the recorded rig, or {@code unknown} for an id the rig lacks.
 * @param kind            in the recorded rig, lower case, or {@code unknown}.
 * @param messages        recorded fusion inputs from this sensor.
 * @param bytes           of those sensor messages, SBE header included (the fusion-input envelope not).
 * @param ratePerSecond   over its capture window: (messages - 1) / (last - first capture time); 0 below 2 messages.
 * @param gaps            sensor sequence numbers skipped (lost before the sequencer, or dropped by the recorder).
 * @param outOfOrder      messages whose sequence was not above the sensor's previous one.
 * @param firstCaptureNs  capture time of its first message, or 0 when none.
 * @param lastCaptureNs   capture time of its last message, or 0 when none.
 */
public record SensorFigures(
    int sensorId,
    String name,
    String kind,
    long messages,
    long bytes,
    double ratePerSecond,
    long gaps,
    long outOfOrder,
    long firstCaptureNs,
    long lastCaptureNs)
{
}
