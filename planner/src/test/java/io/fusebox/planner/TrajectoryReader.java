package io.fusebox.planner;

import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes a trajectory for assertions.
 */
final class TrajectoryReader
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TrajectoryDecoder decoder = new TrajectoryDecoder();

    long timeNs;
    long sequence;
    Maneuver maneuver;
    float targetSpeed;
    int count;
    final float[] t = new float[1000];
    final float[] x = new float[1000];
    final float[] y = new float[1000];
    final float[] yaw = new float[1000];
    final float[] speed = new float[1000];
    final float[] acceleration = new float[1000];
    final float[] curvature = new float[1000];

    TrajectoryReader read(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != TrajectoryDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a trajectory: template " + header.templateId());
        }
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        timeNs = decoder.timeNs();
        sequence = decoder.sequence();
        maneuver = decoder.maneuver();
        targetSpeed = decoder.targetSpeedMps();
        count = 0;
        for (final TrajectoryDecoder.PointsDecoder point : decoder.points())
        {
            t[count] = point.tOffsetS();
            x[count] = point.x();
            y[count] = point.y();
            yaw[count] = point.yaw();
            speed[count] = point.speedMps();
            acceleration[count] = point.accelerationMps2();
            curvature[count] = point.curvature();
            count++;
        }
        return this;
    }

    float minAcceleration()
    {
        float min = Float.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            min = Math.min(min, acceleration[i]);
        }
        return min;
    }

    float maxAcceleration()
    {
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            max = Math.max(max, acceleration[i]);
        }
        return max;
    }

    /** Largest |jerk| between points, the start state taken from the given acceleration. */
    double maxAbsJerk(final double startAcceleration)
    {
        double max = Math.abs(acceleration[0] - startAcceleration) / t[0];
        for (int i = 1; i < count; i++)
        {
            max = Math.max(max, Math.abs(acceleration[i] - acceleration[i - 1]) / (t[i] - t[i - 1]));
        }
        return max;
    }

    float last(final float[] values)
    {
        return values[count - 1];
    }

    String describe()
    {
        final StringBuilder b = new StringBuilder(maneuver + " target " + targetSpeed + ":");
        for (int i = 0; i < count; i += 5)
        {
            b.append(String.format(" [t=%.1f x=%.1f y=%.2f v=%.2f a=%.2f]", t[i], x[i], y[i], speed[i], acceleration[i]));
        }
        return b.toString();
    }
}
