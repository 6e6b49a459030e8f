package io.fusebox.runtime.bench;

import org.HdrHistogram.Histogram;

/**
 * The figures of one load level, measured after its warm-up.
 *
 * @param load               multiple of the rig's nominal rates.
 * @param measuredS          length of the measurement window.
 * @param latencyNs          per {@link Stage} (indexed by ordinal), latencies in the window.
 * @param messagesPerS       sensor messages into the fusion input per second, whole drive.
 * @param bytesPerS          their bytes per second.
 * @param worldModelsPerS    world models per second in the window.
 * @param trajectoriesPerS   trajectories per second in the window.
 * @param lost               everything lost on the way, the sum of the parts below.
 * @param sensorDropped      sensor messages published but never forwarded by the sequencer.
 * @param sensorGaps         sensor sequence numbers the sequencer never saw.
 * @param fusionInputGaps    global sequences missing on the fusion-input stream.
 * @param lateInputs         fusion inputs fusion dropped as late (beyond its reorder window).
 * @param worldModelGaps     world models that never reached the planner's stream's readers.
 * @param trajectoryGaps     trajectories that never arrived.
 * @param controlledStops    trajectories that were controlled stops (stale or missing world models).
 * @param heldPastTick       world models fusion held for an input captured at or past their tick (a sensor due
 *                           within its slack after the tick): not lost, but late by that wait.
 * @param repeatedTrajectories controlled stops the planner's watchdog repeated for a world model already planned.
 * @param errors             errors counted on the bus.
 * @param jvm                GC and allocation in the window, or null if the window never closed.
 */
public record LoadStep(
    double load,
    double measuredS,
    Histogram[] latencyNs,
    double messagesPerS,
    double bytesPerS,
    double worldModelsPerS,
    double trajectoriesPerS,
    long lost,
    long sensorDropped,
    long sensorGaps,
    long fusionInputGaps,
    long lateInputs,
    long worldModelGaps,
    long trajectoryGaps,
    long controlledStops,
    long heldPastTick,
    long repeatedTrajectories,
    long errors,
    JvmActivity.Window jvm)
{
    /**
     * @return the stage's latencies in the window.
     */
    public Histogram latencyNs(final Stage stage)
    {
        return latencyNs[stage.ordinal()];
    }

    /**
     * @return true when trajectories came, nothing was lost and the end-to-end p99 kept to the target.
     */
    public boolean isSustained(final long targetP99Ns)
    {
        final Histogram endToEnd = latencyNs(Stage.END_TO_END);
        return 0 == lost && endToEnd.getTotalCount() > 0 && endToEnd.getValueAtPercentile(99) <= targetP99Ns;
    }
}
