package io.fusebox.runtime.fusion;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.fusebox.runtime.bus.BusCounters;
import org.agrona.CloseHelper;

/**
 * Fusion's Aeron counters, readable from outside the process (as AeronStat reads a driver): what
 * went in, what came out, what was late, dropped or held back. Type ids 7750..7769, beside the
 * bus's in {@link BusCounters}; the key is the world-model stream id. The agent copies the
 * engine's figures into them once per duty cycle.
 */
public final class FusionCounters implements AutoCloseable
{
    /** Fusion-input messages taken. */
    public static final int INPUTS_TYPE_ID = 7750;
    /** Sensor messages applied in capture-time order. */
    public static final int APPLIED_TYPE_ID = 7751;
    /** Inputs captured before one already applied (beyond the reorder window), dropped. */
    public static final int LATE_TYPE_ID = 7752;
    /** Inputs applied early because the reorder window was full. */
    public static final int WINDOW_OVERFLOWS_TYPE_ID = 7753;
    /** Inputs refused as malformed or from a sensor the rig does not have. */
    public static final int MALFORMED_TYPE_ID = 7754;
    /** World models produced. */
    public static final int WORLD_MODELS_TYPE_ID = 7755;
    /** World models or health reports held back at least once by back pressure. */
    public static final int BACK_PRESSURE_TYPE_ID = 7756;
    /** World models or health reports dropped: a newer one came while the older was still held back. */
    public static final int DROPPED_OUTPUTS_TYPE_ID = 7757;
    /** Live tracks, now. */
    public static final int TRACKS_TYPE_ID = 7758;
    /** Sensors not OK at the last world model, now. */
    public static final int DEGRADED_SENSORS_TYPE_ID = 7759;
    /** LiDAR points dropped because the cluster tables were full. */
    public static final int LIDAR_DROPPED_POINTS_TYPE_ID = 7760;
    /** World models that waited for an input captured at or past their tick ({@link FusionEngine#heldPastTick()}). */
    public static final int HELD_PAST_TICK_TYPE_ID = 7761;

    final Counter inputs;
    final Counter applied;
    final Counter late;
    final Counter windowOverflows;
    final Counter malformed;
    final Counter worldModels;
    final Counter backPressure;
    final Counter droppedOutputs;
    final Counter tracks;
    final Counter degradedSensors;
    final Counter lidarDroppedPoints;
    final Counter heldPastTick;

    FusionCounters(final Aeron aeron, final int streamId)
    {
        inputs = BusCounters.addStreamCounter(aeron, INPUTS_TYPE_ID, "fusion", streamId, "inputs");
        applied = BusCounters.addStreamCounter(aeron, APPLIED_TYPE_ID, "fusion", streamId, "applied");
        late = BusCounters.addStreamCounter(aeron, LATE_TYPE_ID, "fusion", streamId, "late inputs dropped");
        windowOverflows = BusCounters.addStreamCounter(
            aeron, WINDOW_OVERFLOWS_TYPE_ID, "fusion", streamId, "reorder window overflows");
        malformed = BusCounters.addStreamCounter(aeron, MALFORMED_TYPE_ID, "fusion", streamId, "malformed inputs");
        worldModels = BusCounters.addStreamCounter(aeron, WORLD_MODELS_TYPE_ID, "fusion", streamId, "world models");
        backPressure = BusCounters.addStreamCounter(aeron, BACK_PRESSURE_TYPE_ID, "fusion", streamId, "back pressure");
        droppedOutputs = BusCounters.addStreamCounter(
            aeron, DROPPED_OUTPUTS_TYPE_ID, "fusion", streamId, "outputs dropped");
        tracks = BusCounters.addStreamCounter(aeron, TRACKS_TYPE_ID, "fusion", streamId, "tracks");
        degradedSensors = BusCounters.addStreamCounter(
            aeron, DEGRADED_SENSORS_TYPE_ID, "fusion", streamId, "sensors not ok");
        lidarDroppedPoints = BusCounters.addStreamCounter(
            aeron, LIDAR_DROPPED_POINTS_TYPE_ID, "fusion", streamId, "lidar points dropped");
        heldPastTick = BusCounters.addStreamCounter(
            aeron, HELD_PAST_TICK_TYPE_ID, "fusion", streamId, "world models held past their tick");
    }

    public void close()
    {
        CloseHelper.quietCloseAll(heldPastTick, lidarDroppedPoints, degradedSensors, tracks, droppedOutputs,
            backPressure, worldModels, malformed, windowOverflows, late, applied, inputs);
    }
}
