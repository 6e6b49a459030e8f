package io.fusebox.sensors.message;

import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.FusionInputDecoder;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.codec.VehicleStateDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The shape of each message of the schema, as {@link MessageGuard} needs it: the smallest block length
 * each schema version allows, then the groups and var-data elements in wire order.
 *
 * <p>Fixed-field extents are read from the generated codecs' {@code *EncodingOffset}, {@code *EncodingLength}
 * and {@code *SinceVersion} methods, once, when the class loads, so that a field added under the
 * evolution rules changes the table without anyone editing it. The order of groups and var data is
 * declared here because the codecs do not expose it; a new group or var-data element is added below.
 */
final class MessageLayout
{
    static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;
    static final int MAX_TEMPLATE_ID = 255;
    static final int FIRST_SENSOR_TEMPLATE_ID = 1;
    static final int LAST_SENSOR_TEMPLATE_ID = 19;

    static final byte GROUP = 1;
    static final byte VAR_DATA = 2;
    static final byte SENSOR_MESSAGE_VAR_DATA = 3;

    private static final MessageLayout[] LAYOUTS = new MessageLayout[MAX_TEMPLATE_ID + 1];

    static
    {
        add(new MessageLayout(CameraFrameDecoder.TEMPLATE_ID, CameraFrameDecoder.class,
            group(CameraFrameDecoder.ObjectsDecoder.class, CameraFrameDecoder.objectsDecoderSinceVersion()),
            varData(CameraFrameDecoder.compressedImageSinceVersion())));
        add(new MessageLayout(RadarScanDecoder.TEMPLATE_ID, RadarScanDecoder.class,
            group(RadarScanDecoder.DetectionsDecoder.class, RadarScanDecoder.detectionsDecoderSinceVersion())));
        add(new MessageLayout(LidarSectorDecoder.TEMPLATE_ID, LidarSectorDecoder.class,
            group(LidarSectorDecoder.PointsDecoder.class, LidarSectorDecoder.pointsDecoderSinceVersion())));
        add(new MessageLayout(UltrasonicEchoDecoder.TEMPLATE_ID, UltrasonicEchoDecoder.class));
        add(new MessageLayout(VehicleStateDecoder.TEMPLATE_ID, VehicleStateDecoder.class));
        add(new MessageLayout(FusionInputDecoder.TEMPLATE_ID, FusionInputDecoder.class,
            sensorMessage(FusionInputDecoder.sensorMessageSinceVersion())));
        add(new MessageLayout(WorldModelDecoder.TEMPLATE_ID, WorldModelDecoder.class,
            group(WorldModelDecoder.ObjectsDecoder.class, WorldModelDecoder.objectsDecoderSinceVersion()),
            varData(WorldModelDecoder.occupancySinceVersion())));
        add(new MessageLayout(TrajectoryDecoder.TEMPLATE_ID, TrajectoryDecoder.class,
            group(TrajectoryDecoder.PointsDecoder.class, TrajectoryDecoder.pointsDecoderSinceVersion())));
        add(new MessageLayout(SensorHealthDecoder.TEMPLATE_ID, SensorHealthDecoder.class,
            group(SensorHealthDecoder.SensorsDecoder.class, SensorHealthDecoder.sensorsDecoderSinceVersion())));
    }

    final int templateId;
    final boolean isSensorMessage;
    final int[] minBlockLengthByVersion;
    final byte[] partKinds;
    final int[] partSinceVersions;
    final int[][] partMinBlockLengthByVersion;

    private MessageLayout(final int templateId, final Class<?> decoderClass, final Part... parts)
    {
        this.templateId = templateId;
        this.isSensorMessage = templateId >= FIRST_SENSOR_TEMPLATE_ID && templateId <= LAST_SENSOR_TEMPLATE_ID;
        this.minBlockLengthByVersion = minBlockLengthByVersion(decoderClass);
        partKinds = new byte[parts.length];
        partSinceVersions = new int[parts.length];
        partMinBlockLengthByVersion = new int[parts.length][];
        for (int i = 0; i < parts.length; i++)
        {
            partKinds[i] = parts[i].kind;
            partSinceVersions[i] = parts[i].sinceVersion;
            partMinBlockLengthByVersion[i] = parts[i].minBlockLengthByVersion;
        }
    }

    /**
     * @return the layout of a template, or null when the schema has no such template.
     */
    static MessageLayout forTemplate(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_TEMPLATE_ID ? LAYOUTS[templateId] : null;
    }

    static boolean isSensorTemplate(final int templateId)
    {
        final MessageLayout layout = forTemplate(templateId);
        return null != layout && layout.isSensorMessage;
    }

    private static void add(final MessageLayout layout)
    {
        if (null != LAYOUTS[layout.templateId])
        {
            throw new IllegalStateException("template " + layout.templateId + " declared twice");
        }
        LAYOUTS[layout.templateId] = layout;
    }

    private static Part group(final Class<?> groupDecoderClass, final int sinceVersion)
    {
        if (groupDecoderClass.getDeclaredClasses().length > 0)
        {
            throw new IllegalStateException(groupDecoderClass.getName() + ": nested groups are not supported");
        }
        return new Part(GROUP, sinceVersion, minBlockLengthByVersion(groupDecoderClass));
    }

    private static Part varData(final int sinceVersion)
    {
        return new Part(VAR_DATA, sinceVersion, null);
    }

    private static Part sensorMessage(final int sinceVersion)
    {
        return new Part(SENSOR_MESSAGE_VAR_DATA, sinceVersion, null);
    }

    /**
     * A group or var-data element, in wire order after the fixed block.
     */
    private record Part(byte kind, int sinceVersion, int[] minBlockLengthByVersion)
    {
    }

    /**
     * For each version 0..SCHEMA_VERSION, the end of the last fixed field that version carries.
     */
    private static int[] minBlockLengthByVersion(final Class<?> codecClass)
    {
        final int[] minLengths = new int[SCHEMA_VERSION + 1];
        try
        {
            for (final Method method : codecClass.getDeclaredMethods())
            {
                final String name = method.getName();
                if (!Modifier.isStatic(method.getModifiers()) || !name.endsWith("EncodingOffset") ||
                    method.getParameterCount() != 0)
                {
                    continue;
                }
                final String field = name.substring(0, name.length() - "EncodingOffset".length());
                final int offset = (Integer)method.invoke(null);
                final int length = (Integer)codecClass.getDeclaredMethod(field + "EncodingLength").invoke(null);
                final int sinceVersion = (Integer)codecClass.getDeclaredMethod(field + "SinceVersion").invoke(null);
                for (int version = sinceVersion; version <= SCHEMA_VERSION; version++)
                {
                    minLengths[version] = Math.max(minLengths[version], offset + length);
                }
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("generated codec " + codecClass.getName() + " lacks field metadata", ex);
        }
        return minLengths;
    }
}
