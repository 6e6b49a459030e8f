package io.fusebox.runtime.control;

import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.fusion.FusionCounters;
import io.fusebox.runtime.planning.PlannerAgent;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.agrona.concurrent.status.CountersReader;

import java.util.List;

/**
 * The figures the REST API and {@code /metrics} show, read from the Aeron counters the components keep (so they
 * are the numbers {@code AeronStat} would show). A counter is looked up on every read: components come and go
 * (a recording restarted, a planner not in this drive), and a missing one reads as absent, not as zero.
 */
final class CounterFigures
{
    /** A named counter type: the JSON name and the type id. */
    record Figure(String name, int typeId, boolean isLevel)
    {
    }

    static final List<Figure> SENSOR = List.of(
        new Figure("published", BusCounters.PUBLISHER_MESSAGES_TYPE_ID, false),
        new Figure("forwarded", BusCounters.SEQUENCER_MESSAGES_TYPE_ID, false),
        new Figure("bytes", BusCounters.SEQUENCER_BYTES_TYPE_ID, false),
        new Figure("gaps", BusCounters.SEQUENCER_GAPS_TYPE_ID, false),
        new Figure("duplicates", BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, false),
        new Figure("outOfOrder", BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, false),
        new Figure("malformed", BusCounters.SEQUENCER_MALFORMED_TYPE_ID, false),
        new Figure("backPressure", BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID, false));

    /** Keyed by the world-model stream id. */
    static final List<Figure> FUSION = List.of(
        new Figure("inputs", FusionCounters.INPUTS_TYPE_ID, false),
        new Figure("applied", FusionCounters.APPLIED_TYPE_ID, false),
        new Figure("late", FusionCounters.LATE_TYPE_ID, false),
        new Figure("windowOverflows", FusionCounters.WINDOW_OVERFLOWS_TYPE_ID, false),
        new Figure("malformed", FusionCounters.MALFORMED_TYPE_ID, false),
        new Figure("worldModels", FusionCounters.WORLD_MODELS_TYPE_ID, false),
        new Figure("backPressure", FusionCounters.BACK_PRESSURE_TYPE_ID, false),
        new Figure("droppedOutputs", FusionCounters.DROPPED_OUTPUTS_TYPE_ID, false),
        new Figure("tracks", FusionCounters.TRACKS_TYPE_ID, true),
        new Figure("degradedSensors", FusionCounters.DEGRADED_SENSORS_TYPE_ID, true),
        new Figure("lidarDroppedPoints", FusionCounters.LIDAR_DROPPED_POINTS_TYPE_ID, false),
        new Figure("heldPastTick", FusionCounters.HELD_PAST_TICK_TYPE_ID, false));

    /** Keyed by the trajectory stream id. */
    static final List<Figure> PLANNER = List.of(
        new Figure("plans", PlannerAgent.PLANS_TYPE_ID, false),
        new Figure("controlledStops", PlannerAgent.CONTROLLED_STOPS_TYPE_ID, false),
        new Figure("staleWorldModels", PlannerAgent.STALE_WORLD_MODELS_TYPE_ID, false),
        new Figure("malformedWorldModels", PlannerAgent.MALFORMED_WORLD_MODELS_TYPE_ID, false),
        new Figure("droppedTrajectories", PlannerAgent.DROPPED_TRAJECTORIES_TYPE_ID, false),
        new Figure("missingWorldModels", PlannerAgent.MISSING_WORLD_MODELS_TYPE_ID, false));

    private final CountersReader counters;
    private final Rig rig;

    CounterFigures(final CountersReader counters, final Rig rig)
    {
        this.counters = counters;
        this.rig = rig;
    }

    /**
     * @return the counter's value, or null when no component keeps it now.
     */
    Long value(final int typeId, final int key)
    {
        final int counterId = BusCounters.findCounterId(counters, typeId, key);
        return CountersReader.NULL_COUNTER_ID == counterId ? null : counters.getCounterValue(counterId);
    }

    /**
     * @return the counter's value, or NaN when no component keeps it now (how Prometheus shows "absent").
     */
    double valueOrNaN(final int typeId, final int key)
    {
        final Long value = value(typeId, key);
        return null == value ? Double.NaN : value;
    }

    /**
     * @return one object per sensor of the rig: id, name, kind, nominal rate and its counters.
     */
    JsonArray sensors()
    {
        final JsonArray sensors = new JsonArray();
        for (final SensorConfig sensor : rig.sensors())
        {
            final JsonObject json = new JsonObject()
                .put("id", sensor.id())
                .put("name", sensor.name())
                .put("kind", sensor.kind().name())
                .put("streamId", sensor.streamId())
                .put("rateHz", sensor.messageRateHz());
            put(json, SENSOR, sensor.id());
            sensors.add(json);
        }
        return sensors;
    }

    /**
     * @return fusion's counters; {@code "running": false} when fusion keeps none on this bus.
     */
    JsonObject fusion()
    {
        return stage(FUSION, rig.bus().worldModelStreamId());
    }

    /**
     * @return the planner's counters; {@code "running": false} when no planner runs on this bus.
     */
    JsonObject planner()
    {
        return stage(PLANNER, rig.bus().trajectoryStreamId());
    }

    private JsonObject stage(final List<Figure> figures, final int key)
    {
        final JsonObject json = new JsonObject();
        final boolean running = put(json, figures, key);
        return json.put("running", running);
    }

    private boolean put(final JsonObject json, final List<Figure> figures, final int key)
    {
        boolean any = false;
        for (final Figure figure : figures)
        {
            final Long value = value(figure.typeId(), key);
            json.put(figure.name(), value);
            any |= null != value;
        }
        return any;
    }
}
