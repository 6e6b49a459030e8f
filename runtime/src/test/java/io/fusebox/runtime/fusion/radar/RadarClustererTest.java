package io.fusebox.runtime.fusion.radar;

import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.Odometry;
import io.fusebox.runtime.fusion.tracking.MeasurementBatch;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front long-range radar on an ego at 20 m/s: returns from a car ahead at 25 m/s and from a parked
 * car, as the radar measures them (relative radial velocity), and a weak static return.
 */
class RadarClustererTest
{
    private final Rig rig = RigLoader.loadDefault();
    private final SensorConfig radar = rig.sensor(rig.indexOf(21));
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024));

    @Test
    void radialVelocityIsCompensatedForTheEgoAndWeakStaticReturnsAreClutter()
    {
        final Odometry odometry = new Odometry();
        odometry.onVehicleState(0, 20.0, 0.0, 0.0);
        final EgoPose pose = odometry.current();

        final RadarScanEncoder encoder = new RadarScanEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.stamp().captureTimeNs(0).sequence(0).sensorId(radar.id());
        encoder.scanDurationNs(25_000_000);
        final RadarScanEncoder.DetectionsEncoder detections = encoder.detectionsCount(5);
        // A car 40 m ahead going 25 m/s: +5 m/s relative, three reflections across its rear.
        for (final float azimuth : new float[]{ -0.02f, 0.0f, 0.02f })
        {
            detections.next().rangeM(40f).azimuthRad(azimuth).elevationRad(0f).radialVelocityMps(5f * (float)Math.cos(azimuth))
                .rcsDbsm(5f).snrDb(30f);
        }
        // A parked car 30 m ahead, 3 m to the left: closing at the ego's speed along the line of sight.
        final double parked = Math.atan2(3.0, 30.0);
        detections.next().rangeM((float)Math.hypot(30.0, 3.0)).azimuthRad((float)parked).elevationRad(0f)
            .radialVelocityMps((float)(-20.0 * Math.cos(parked))).rcsDbsm(8f).snrDb(25f);
        // A weak static return at 15 m, 4 m to the right: ground clutter.
        final double clutter = Math.atan2(-4.0, 15.0);
        detections.next().rangeM((float)Math.hypot(15.0, 4.0)).azimuthRad((float)clutter).elevationRad(0f)
            .radialVelocityMps((float)(-20.0 * Math.cos(clutter))).rcsDbsm(-12f).snrDb(12f);

        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        final RadarScanDecoder decoder = new RadarScanDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final RadarClusterer clusterer = new RadarClusterer(radar);
        final MeasurementBatch batch = new MeasurementBatch(16).reset(0, radar.index(), radar.kind().value());
        assertEquals(2, clusterer.onScan(decoder, pose, batch));
        assertEquals(1, clusterer.clutter());
        assertFalse(batch.startsTracks());
        assertFalse(batch.updatesTentative());

        // The moving car: its speed over the ground along the line of sight; only that component is known.
        assertEquals(radar.mount().x() + 40.0, batch.x(0), 0.05);
        assertEquals(25.0, batch.vx(0), 0.05);
        assertTrue(batch.velocityCovariance(0, 0) < 0.1);
        assertTrue(batch.velocityCovariance(0, 2) > 1000.0, "tangential velocity unknown");
        assertTrue(batch.isSurface(0));
        // The parked car reads zero.
        assertEquals(0.0, Math.hypot(batch.vx(1), batch.vy(1)), 0.05);
        assertEquals(3.0, batch.y(1), 0.05);
    }
}
