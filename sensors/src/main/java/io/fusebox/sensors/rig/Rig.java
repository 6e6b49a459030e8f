package io.fusebox.sensors.rig;

import io.fusebox.sensors.codec.SensorKind;

import java.util.List;

/**
 * The sensor suite as one value: bus layout, vehicle body, and the sensors in rig order.
 * Immutable once loaded; look-ups by id are array reads.
 */
public final class Rig
{
    /** Sensor masks in world models are 64-bit: a rig holds at most this many sensors. */
    public static final int MAX_SENSORS = 64;
    /** Sensor ids index a look-up table; keep them small. */
    public static final int MAX_SENSOR_ID = 4095;

    private final String name;
    private final String source;
    private final String text;
    private final BusLayout bus;
    private final VehicleGeometry vehicle;
    private final List<SensorConfig> sensors;
    private final int[] indexById = new int[MAX_SENSOR_ID + 1];

    Rig(
        final String name,
        final String source,
        final String text,
        final BusLayout bus,
        final VehicleGeometry vehicle,
        final List<SensorConfig> sensors)
    {
        this.name = name;
        this.source = source;
        this.text = text;
        this.bus = bus;
        this.vehicle = vehicle;
        this.sensors = List.copyOf(sensors);
        java.util.Arrays.fill(indexById, -1);
        for (final SensorConfig sensor : this.sensors)
        {
            indexById[sensor.id()] = sensor.index();
        }
    }

    public String name()
    {
        return name;
    }

    /**
     * @return where the rig was loaded from (file path or resource name).
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the rig file's text as it was read, for drive-log headers.
     */
    public String text()
    {
        return text;
    }

    public BusLayout bus()
    {
        return bus;
    }

    public VehicleGeometry vehicle()
    {
        return vehicle;
    }

    public List<SensorConfig> sensors()
    {
        return sensors;
    }

    public int sensorCount()
    {
        return sensors.size();
    }

    public SensorConfig sensor(final int index)
    {
        return sensors.get(index);
    }

    /**
     * @return rig index of the sensor with this id, or -1 when the rig has no such sensor.
     */
    public int indexOf(final int sensorId)
    {
        return sensorId >= 0 && sensorId <= MAX_SENSOR_ID ? indexById[sensorId] : -1;
    }

    public int count(final SensorKind kind)
    {
        int count = 0;
        for (final SensorConfig sensor : sensors)
        {
            if (sensor.kind() == kind)
            {
                count++;
            }
        }
        return count;
    }

    public String toString()
    {
        return "Rig{" + name + ", " + sensors.size() + " sensors, from " + source + "}";
    }
}
