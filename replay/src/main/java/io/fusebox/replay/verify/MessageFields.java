package io.fusebox.replay.verify;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import org.agrona.DirectBuffer;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Names the field of an output message that holds a given byte, so a divergence reads
 * {@code objects[3].x: recorded 10.5, produced 10.25} instead of a byte offset. Field offsets, lengths and
 * types are read once from the generated decoders ({@code *EncodingOffset}, {@code *EncodingLength}, the
 * accessor's return type); groups and var data are declared here in wire order, as in the sensors'
 * {@code MessageLayout}, since the codecs do not expose it.
 */
final class MessageFields
{
    private static final ByteOrder ORDER = MessageHeaderDecoder.BYTE_ORDER;
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int VAR_DATA_HEADER_LENGTH = 4;

    private static final MessageFields WORLD_MODEL = new MessageFields(WorldModelDecoder.class,
        group("objects", WorldModelDecoder.ObjectsDecoder.class), varData("occupancy"));
    private static final MessageFields TRAJECTORY = new MessageFields(TrajectoryDecoder.class,
        group("points", TrajectoryDecoder.PointsDecoder.class));
    private static final MessageFields HEALTH = new MessageFields(SensorHealthDecoder.class,
        group("sensors", SensorHealthDecoder.SensorsDecoder.class));

    private static final Field[] HEADER_FIELDS = {
        new Field("header.blockLength", MessageHeaderDecoder.blockLengthEncodingOffset(), 2, Type.UNSIGNED, 1),
        new Field("header.templateId", MessageHeaderDecoder.templateIdEncodingOffset(), 2, Type.UNSIGNED, 1),
        new Field("header.schemaId", MessageHeaderDecoder.schemaIdEncodingOffset(), 2, Type.UNSIGNED, 1),
        new Field("header.version", MessageHeaderDecoder.versionEncodingOffset(), 2, Type.UNSIGNED, 1) };

    private final Field[] rootFields;
    private final Part[] parts;

    private MessageFields(final Class<?> decoderClass, final Part... parts)
    {
        this.rootFields = fieldsOf(decoderClass);
        this.parts = parts;
    }

    /**
     * @return the fields of this output template, or null for a template verify does not compare.
     */
    static MessageFields forTemplate(final int templateId)
    {
        switch (templateId)
        {
            case WorldModelDecoder.TEMPLATE_ID:
                return WORLD_MODEL;
            case TrajectoryDecoder.TEMPLATE_ID:
                return TRAJECTORY;
            case SensorHealthDecoder.TEMPLATE_ID:
                return HEALTH;
            default:
                return null;
        }
    }

    /**
     * Describes the first difference, found at {@code index} bytes into both messages, by walking the
     * recorded message's structure (the two agree on everything before the difference).
     *
     * @return { field path, recorded value, produced value }.
     */
    String[] describe(
        final DirectBuffer recorded,
        final int recordedOffset,
        final int recordedLength,
        final DirectBuffer produced,
        final int producedOffset,
        final int producedLength,
        final int index)
    {
        if (index >= recordedLength || index >= producedLength)
        {
            return new String[]{ "(length)", recordedLength + " bytes", producedLength + " bytes" };
        }
        if (index < HEADER_LENGTH)
        {
            return describe(HEADER_FIELDS, "", 0, recorded, recordedOffset, produced, producedOffset, index);
        }
        final int blockLength = recorded.getShort(recordedOffset + MessageHeaderDecoder.blockLengthEncodingOffset(), ORDER)
            & 0xFFFF;
        int position = HEADER_LENGTH;
        if (index < position + blockLength)
        {
            return describe(rootFields, "", position, recorded, recordedOffset, produced, producedOffset, index);
        }
        position += blockLength;

        for (final Part part : parts)
        {
            if (position + (part.isGroup ? GROUP_HEADER_LENGTH : VAR_DATA_HEADER_LENGTH) > recordedLength)
            {
                break;
            }
            if (part.isGroup)
            {
                final int elementLength = recorded.getShort(recordedOffset + position, ORDER) & 0xFFFF;
                final int count = recorded.getShort(recordedOffset + position + 2, ORDER) & 0xFFFF;
                if (index < position + 2)
                {
                    return values(part.name + ".blockLength", Type.UNSIGNED, 2,
                        recorded, recordedOffset + position, produced, producedOffset + position);
                }
                if (index < position + GROUP_HEADER_LENGTH)
                {
                    return values(part.name + ".count", Type.UNSIGNED, 2,
                        recorded, recordedOffset + position + 2, produced, producedOffset + position + 2);
                }
                position += GROUP_HEADER_LENGTH;
                if (elementLength > 0 && index < position + (long)count * elementLength)
                {
                    final int element = (index - position) / elementLength;
                    final int elementStart = position + element * elementLength;
                    return describe(part.fields, part.name + "[" + element + "].", elementStart,
                        recorded, recordedOffset, produced, producedOffset, index);
                }
                position += count * elementLength;
            }
            else
            {
                final long dataLength = recorded.getInt(recordedOffset + position, ORDER) & 0xFFFF_FFFFL;
                if (index < position + VAR_DATA_HEADER_LENGTH)
                {
                    return values(part.name + ".length", Type.UNSIGNED, 4,
                        recorded, recordedOffset + position, produced, producedOffset + position);
                }
                position += VAR_DATA_HEADER_LENGTH;
                if (index < position + dataLength)
                {
                    return values(part.name + "[" + (index - position) + "]", Type.UNSIGNED, 1,
                        recorded, recordedOffset + index, produced, producedOffset + index);
                }
                position += (int)dataLength;
            }
        }
        return values("(byte " + index + ")", Type.UNSIGNED, 1, recorded, recordedOffset + index,
            produced, producedOffset + index);
    }

    private static String[] describe(
        final Field[] fields,
        final String prefix,
        final int blockStart,
        final DirectBuffer recorded,
        final int recordedOffset,
        final DirectBuffer produced,
        final int producedOffset,
        final int index)
    {
        final int inBlock = index - blockStart;
        for (final Field field : fields)
        {
            if (inBlock >= field.offset && inBlock < field.offset + field.length)
            {
                final int elementLength = field.length / field.arrayLength;
                final int element = (inBlock - field.offset) / elementLength;
                final int at = blockStart + field.offset + element * elementLength;
                final String name = prefix + field.name + (field.arrayLength > 1 ? "[" + element + "]" : "");
                return values(name, field.type, elementLength, recorded, recordedOffset + at, produced, producedOffset + at);
            }
        }
        return values(prefix + "(padding byte " + inBlock + ")", Type.UNSIGNED, 1,
            recorded, recordedOffset + index, produced, producedOffset + index);
    }

    private static String[] values(
        final String name,
        final Type type,
        final int length,
        final DirectBuffer recorded,
        final int recordedAt,
        final DirectBuffer produced,
        final int producedAt)
    {
        return new String[]{ name, value(type, length, recorded, recordedAt), value(type, length, produced, producedAt) };
    }

    private static String value(final Type type, final int length, final DirectBuffer buffer, final int at)
    {
        switch (type)
        {
            case FLOAT:
                return length == 8 ? Double.toString(buffer.getDouble(at, ORDER)) : Float.toString(buffer.getFloat(at, ORDER));
            case SIGNED:
                switch (length)
                {
                    case 1:
                        return Byte.toString(buffer.getByte(at));
                    case 2:
                        return Short.toString(buffer.getShort(at, ORDER));
                    case 4:
                        return Integer.toString(buffer.getInt(at, ORDER));
                    default:
                        return Long.toString(buffer.getLong(at, ORDER));
                }
            case UNSIGNED:
                switch (length)
                {
                    case 1:
                        return Integer.toString(buffer.getByte(at) & 0xFF);
                    case 2:
                        return Integer.toString(buffer.getShort(at, ORDER) & 0xFFFF);
                    case 4:
                        return Long.toString(buffer.getInt(at, ORDER) & 0xFFFF_FFFFL);
                    default:
                        return Long.toUnsignedString(buffer.getLong(at, ORDER));
                }
            default:
                final StringBuilder hex = new StringBuilder(2 * length + 2).append("0x");
                for (int i = 0; i < length; i++)
                {
                    hex.append(String.format("%02x", buffer.getByte(at + i)));
                }
                return hex.toString();
        }
    }

    private static Part group(final String name, final Class<?> decoderClass)
    {
        return new Part(name, true, fieldsOf(decoderClass));
    }

    private static Part varData(final String name)
    {
        return new Part(name, false, new Field[0]);
    }

    private static Field[] fieldsOf(final Class<?> codecClass)
    {
        final List<Field> fields = new ArrayList<>();
        try
        {
            for (final Method method : codecClass.getDeclaredMethods())
            {
                final String methodName = method.getName();
                if (!Modifier.isStatic(method.getModifiers()) || !methodName.endsWith("EncodingOffset") ||
                    method.getParameterCount() != 0)
                {
                    continue;
                }
                final String name = methodName.substring(0, methodName.length() - "EncodingOffset".length());
                final int offset = (Integer)method.invoke(null);
                final int length = (Integer)codecClass.getDeclaredMethod(name + "EncodingLength").invoke(null);
                int arrayLength = 1;
                Class<?> javaType;
                try
                {
                    arrayLength = (Integer)codecClass.getDeclaredMethod(name + "Length").invoke(null);
                    javaType = codecClass.getDeclaredMethod(name, int.class).getReturnType();
                }
                catch (final NoSuchMethodException ex)
                {
                    javaType = codecClass.getDeclaredMethod(name).getReturnType();
                    if (!javaType.isPrimitive())
                    {
                        javaType = rawType(codecClass, name);
                    }
                }
                fields.add(new Field(name, offset, length, typeOf(javaType, length / arrayLength), arrayLength));
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("generated codec " + codecClass.getName() + " lacks field metadata", ex);
        }
        fields.sort(Comparator.comparingInt((Field field) -> field.offset));
        return fields.toArray(new Field[0]);
    }

    private static Class<?> rawType(final Class<?> codecClass, final String name)
    {
        try
        {
            return codecClass.getDeclaredMethod(name + "Raw").getReturnType();
        }
        catch (final NoSuchMethodException ex)
        {
            return Object.class;
        }
    }

    /**
     * SBE maps unsigned types to the next wider Java type: a wider type than the encoding means unsigned.
     */
    private static Type typeOf(final Class<?> javaType, final int elementLength)
    {
        if (float.class == javaType || double.class == javaType)
        {
            return Type.FLOAT;
        }
        final int javaBytes;
        if (byte.class == javaType)
        {
            javaBytes = 1;
        }
        else if (short.class == javaType)
        {
            javaBytes = 2;
        }
        else if (int.class == javaType)
        {
            javaBytes = 4;
        }
        else if (long.class == javaType)
        {
            javaBytes = 8;
        }
        else
        {
            return Type.RAW;
        }
        return javaBytes > elementLength ? Type.UNSIGNED : Type.SIGNED;
    }

    private enum Type
    {
        SIGNED, UNSIGNED, FLOAT, RAW
    }

    private record Field(String name, int offset, int length, Type type, int arrayLength)
    {
    }

    private record Part(String name, boolean isGroup, Field[] fields)
    {
    }
}
