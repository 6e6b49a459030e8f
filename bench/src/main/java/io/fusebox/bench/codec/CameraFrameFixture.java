package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.Box2dDecoder;
import io.fusebox.sensors.codec.Box3dDecoder;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.rig.CameraSpec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * A camera frame's detections: objects placed in front of the camera, their 2D boxes the pinhole
 * projection of their 3D boxes through the rig camera's intrinsics. No compressed image (the usual case).
 */
final class CameraFrameFixture implements MessageFixture
{
    private static final ObjectClass[] CLASSES =
        { ObjectClass.CAR, ObjectClass.CAR, ObjectClass.TRUCK, ObjectClass.PEDESTRIAN, ObjectClass.CYCLIST };
    private static final float[][] DIMENSIONS_LWH = { { 4.5f, 1.8f, 1.5f }, { 4.5f, 1.8f, 1.5f },
        { 9.0f, 2.5f, 3.2f }, { 0.6f, 0.6f, 1.75f }, { 1.8f, 0.6f, 1.7f } };

    private static final byte[] NO_IMAGE = new byte[0];

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CameraFrameEncoder encoder = new CameraFrameEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CameraFrameDecoder decoder = new CameraFrameDecoder();

    private final int sensorId;
    private final long captureTimeNs;
    private final int exposureNs;
    private long sequence;

    private final ObjectClass[] objectClass;
    private final float[] confidence;
    private final float[] u1;
    private final float[] v1;
    private final float[] u2;
    private final float[] v2;
    private final boolean[] hasBox3d;
    private final float[] x;
    private final float[] y;
    private final float[] z;
    private final float[] length;
    private final float[] width;
    private final float[] height;
    private final float[] yaw;

    CameraFrameFixture(
        final int sensorId,
        final CameraSpec camera,
        final double mountHeightM,
        final int objectCount,
        final long captureTimeNs,
        final long seed)
    {
        this.sensorId = sensorId;
        this.captureTimeNs = captureTimeNs;
        this.exposureNs = 4_000_000;
        objectClass = new ObjectClass[objectCount];
        confidence = new float[objectCount];
        u1 = new float[objectCount];
        v1 = new float[objectCount];
        u2 = new float[objectCount];
        v2 = new float[objectCount];
        hasBox3d = new boolean[objectCount];
        x = new float[objectCount];
        y = new float[objectCount];
        z = new float[objectCount];
        length = new float[objectCount];
        width = new float[objectCount];
        height = new float[objectCount];
        yaw = new float[objectCount];

        final SplittableRandom random = new SplittableRandom(seed);
        final double tanHalfFov = Math.tan(camera.hfovRad() / 2) * 0.9;
        for (int i = 0; i < objectCount; i++)
        {
            final int kind = random.nextInt(CLASSES.length);
            final double depth = 4 + random.nextDouble() * (Math.min(camera.maxRangeM(), 80) - 4);
            final double lateral = (random.nextDouble() * 2 - 1) * depth * tanHalfFov;
            final double boxHeight = DIMENSIONS_LWH[kind][2];
            final double centreZ = boxHeight / 2 - mountHeightM;

            objectClass[i] = CLASSES[kind];
            confidence[i] = (float)(0.35 + random.nextDouble() * 0.64);
            hasBox3d[i] = random.nextInt(8) != 0;
            x[i] = (float)depth;
            y[i] = (float)lateral;
            z[i] = (float)centreZ;
            length[i] = DIMENSIONS_LWH[kind][0];
            width[i] = DIMENSIONS_LWH[kind][1];
            height[i] = (float)boxHeight;
            yaw[i] = (float)((random.nextDouble() * 2 - 1) * Math.PI);

            // Sensor frame is x forward, y left, z up: image u grows to the right (-y), v downwards (-z).
            final double u = camera.cx() - camera.fx() * lateral / depth;
            final double v = camera.cy() - camera.fy() * centreZ / depth;
            final double halfWidthPx = camera.fx() * Math.max(DIMENSIONS_LWH[kind][0], DIMENSIONS_LWH[kind][1]) /
                2 / depth;
            final double halfHeightPx = camera.fy() * boxHeight / 2 / depth;
            u1[i] = (float)clamp(u - halfWidthPx, camera.widthPx());
            u2[i] = (float)clamp(u + halfWidthPx, camera.widthPx());
            v1[i] = (float)clamp(v - halfHeightPx, camera.heightPx());
            v2[i] = (float)clamp(v + halfHeightPx, camera.heightPx());
        }
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence++).sensorId(sensorId);
        encoder.frameHandle(sequence & 63).exposureNs(exposureNs);

        final int count = objectClass.length;
        final CameraFrameEncoder.ObjectsEncoder objects = encoder.objectsCount(count);
        for (int i = 0; i < count; i++)
        {
            objects.next()
                .objectClass(objectClass[i])
                .confidence(confidence[i])
                .hasBox3d(hasBox3d[i] ? BooleanType.TRUE : BooleanType.FALSE);
            objects.box2d().x1(u1[i]).y1(v1[i]).x2(u2[i]).y2(v2[i]);
            objects.box3d().x(x[i]).y(y[i]).z(z[i]).length(length[i]).width(width[i]).height(height[i]).yaw(yaw[i]);
        }
        encoder.putCompressedImage(NO_IMAGE, 0, 0);

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, CameraFrameDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        long checksum = decoder.stamp().captureTimeNs() + decoder.stamp().sequence() + decoder.stamp().sensorId();
        checksum += decoder.frameHandle() + of(decoder.exposureNs(), 17);
        final CameraFrameDecoder.ObjectsDecoder objects = decoder.objects();
        FragmentCheck.verifyGroup(decoder.limit(), objects.count(), objects.actingBlockLength(), offset + length);
        for (final CameraFrameDecoder.ObjectsDecoder object : objects)
        {
            final Box2dDecoder box2d = object.box2d();
            final BooleanType hasBox3d = object.hasBox3d();
            long item = of(object.objectClass().value(), 56) ^ of(hasBox3d.value(), 48) ^ of(object.confidence(), 8) ^
                of(box2d.x1(), 0) ^ of(box2d.y1(), 11) ^ of(box2d.x2(), 22) ^ of(box2d.y2(), 33);
            // The 3D box is only valid, so only read, when the network gave one.
            if (BooleanType.TRUE == hasBox3d)
            {
                final Box3dDecoder box3d = object.box3d();
                item += of(box3d.x(), 0) ^ of(box3d.y(), 9) ^ of(box3d.z(), 18) ^ of(box3d.length(), 27) ^
                    of(box3d.width(), 36) ^ of(box3d.height(), 45) ^ of(box3d.yaw(), 54);
            }
            checksum += item;
        }
        checksum += decoder.compressedImageLength();
        decoder.skipCompressedImage();
        FragmentCheck.verifyEnd(decoder.limit(), offset + length);

        return checksum;
    }

    private static double clamp(final double pixel, final int size)
    {
        return Math.max(0, Math.min(size - 1, pixel));
    }
}
