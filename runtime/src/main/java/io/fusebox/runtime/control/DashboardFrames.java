package io.fusebox.runtime.control;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import org.agrona.DirectBuffer;

import java.util.Base64;

/**
 * Turns the newest bus messages into the WebSocket's compact JSON frames, one text frame per message:
 * <pre>
 * {"type":"worldModel","seq":7,"timeNs":..,"ego":{"speed":29.8,"yawRate":0.01},
 *  "objects":[{"id":3,"cls":"CAR","status":"CONFIRMED","x":21.4,"y":-3.5,"l":4.6,"w":1.9,"yaw":0.02,"vx":1.2,"vy":0}],
 *  "grid":{"nx":160,"ny":160,"cell":0.5,"data":"BASE64 of nx*ny bytes, row-major from -x,-y, 0 free..255 occupied"}}
 * {"type":"trajectory","seq":7,"timeNs":..,"maneuver":"FOLLOW","targetSpeed":27.5,"points":[[t,x,y,speed],..]}
 * {"type":"health","timeNs":..,"sensors":[[id,"CAMERA","OK",messages,gaps],..]}
 * </pre>
 * Positions, sizes and velocities are in the vehicle frame at {@code timeNs}, metres and m/s, rounded to
 * centimetres. Built on the control plane's event loop, once per frame for every client; a non-finite number
 * (which JSON cannot carry) is written as null.
 */
final class DashboardFrames
{
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder worldModelDecoder = new WorldModelDecoder();
    private final TrajectoryDecoder trajectoryDecoder = new TrajectoryDecoder();
    private final SensorHealthDecoder healthDecoder = new SensorHealthDecoder();
    private final Base64.Encoder base64 = Base64.getEncoder();
    private final int maxGridCells;
    private final byte[] gridBase64;
    // Sized to the grid the world models carry (Base64.Encoder encodes whole arrays): replaced only if that changes.
    private byte[] grid = new byte[0];
    private final StringBuilder text = new StringBuilder(64 * 1024);

    DashboardFrames(final int maxMessageBytes)
    {
        maxGridCells = maxMessageBytes;
        gridBase64 = new byte[4 * ((maxMessageBytes + 2) / 3)];
    }

    /**
     * @param buffer holding a validated world model at offset 0.
     */
    String worldModel(final DirectBuffer buffer)
    {
        headerDecoder.wrap(buffer, 0);
        final WorldModelDecoder model = worldModelDecoder.wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final StringBuilder out = begin("worldModel");
        out.append(",\"seq\":").append(model.sequence()).append(",\"timeNs\":").append(model.timeNs());
        out.append(",\"ego\":{\"speed\":");
        number(out, model.egoSpeedMps());
        out.append(",\"yawRate\":");
        number(out, model.egoYawRateRps());
        out.append("},\"objects\":[");
        final int cellsX = model.gridCellsX();
        final int cellsY = model.gridCellsY();
        final float cellSize = model.gridCellSizeM();
        boolean first = true;
        for (final WorldModelDecoder.ObjectsDecoder object : model.objects())
        {
            out.append(first ? "{" : ",{");
            first = false;
            out.append("\"id\":").append(object.trackId())
                .append(",\"cls\":\"").append(object.objectClass().name())
                .append("\",\"status\":\"").append(object.status().name()).append('"');
            field(out, "x", object.x());
            field(out, "y", object.y());
            field(out, "l", object.length());
            field(out, "w", object.width());
            field(out, "h", object.height());
            field(out, "yaw", object.yaw());
            field(out, "vx", object.vx());
            field(out, "vy", object.vy());
            out.append('}');
        }
        out.append("],\"grid\":");
        final int cells = model.occupancyLength();
        if (cells > 0 && cells <= maxGridCells && cells == cellsX * cellsY)
        {
            if (grid.length != cells)
            {
                grid = new byte[cells];
            }
            model.getOccupancy(grid, 0, cells);
            final int encoded = base64.encode(grid, gridBase64);
            out.append("{\"nx\":").append(cellsX).append(",\"ny\":").append(cellsY).append(",\"cell\":");
            number(out, cellSize);
            out.append(",\"data\":\"");
            for (int i = 0; i < encoded; i++)
            {
                out.append((char)gridBase64[i]);
            }
            out.append("\"}");
        }
        else
        {
            out.append("null");
        }
        return end(out);
    }

    /**
     * @param buffer holding a validated trajectory at offset 0.
     */
    String trajectory(final DirectBuffer buffer)
    {
        headerDecoder.wrap(buffer, 0);
        final TrajectoryDecoder trajectory = trajectoryDecoder.wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final StringBuilder out = begin("trajectory");
        out.append(",\"seq\":").append(trajectory.sequence()).append(",\"timeNs\":").append(trajectory.timeNs())
            .append(",\"maneuver\":\"").append(trajectory.maneuver().name()).append('"');
        field(out, "targetSpeed", trajectory.targetSpeedMps());
        out.append(",\"points\":[");
        boolean first = true;
        for (final TrajectoryDecoder.PointsDecoder point : trajectory.points())
        {
            out.append(first ? "[" : ",[");
            first = false;
            number(out, point.tOffsetS());
            out.append(',');
            number(out, point.x());
            out.append(',');
            number(out, point.y());
            out.append(',');
            number(out, point.speedMps());
            out.append(']');
        }
        out.append(']');
        return end(out);
    }

    /**
     * @param buffer holding a validated sensor health report at offset 0.
     */
    String health(final DirectBuffer buffer)
    {
        headerDecoder.wrap(buffer, 0);
        final SensorHealthDecoder health = healthDecoder.wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final StringBuilder out = begin("health");
        out.append(",\"timeNs\":").append(health.timeNs()).append(",\"sensors\":[");
        boolean first = true;
        for (final SensorHealthDecoder.SensorsDecoder sensor : health.sensors())
        {
            out.append(first ? "[" : ",[");
            first = false;
            out.append(sensor.sensorId()).append(",\"").append(sensor.kind().name()).append("\",\"")
                .append(sensor.state().name()).append("\",").append(sensor.messages()).append(',')
                .append(sensor.gaps()).append(']');
        }
        out.append(']');
        return end(out);
    }

    private StringBuilder begin(final String type)
    {
        text.setLength(0);
        return text.append("{\"type\":\"").append(type).append('"');
    }

    private static String end(final StringBuilder out)
    {
        return out.append('}').toString();
    }

    private static void field(final StringBuilder out, final String name, final float value)
    {
        out.append(",\"").append(name).append("\":");
        number(out, value);
    }

    static void number(final StringBuilder out, final double value)
    {
        if (!Double.isFinite(value))
        {
            out.append("null");
            return;
        }
        final long centis = Math.round(value * 100.0);
        if (centis < 0)
        {
            out.append('-');
        }
        final long magnitude = Math.abs(centis);
        out.append(magnitude / 100);
        final long fraction = magnitude % 100;
        if (0 != fraction)
        {
            out.append('.').append((char)('0' + fraction / 10));
            if (0 != fraction % 10)
            {
                out.append((char)('0' + fraction % 10));
            }
        }
    }
}
