package io.fusebox.runtime.fusion.tracking;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerTest
{
    private static final int CAR = 1;
    private static final int PEDESTRIAN = 3;
    private static final int STATIC_OBSTACLE = 5;
    private static final int LIDAR = 3;
    private static final int RADAR = 2;
    private static final long PERIOD_NS = 100_000_000L;

    private final MeasurementBatch batch = new MeasurementBatch(64);

    @Test
    void gatingRejectsAFarMeasurement()
    {
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 1, 0, 300_000_000L));
        feed(tracker, 0, 0.0, 0.0);
        feed(tracker, 1, 0.0, 0.0);
        final int id = tracker.track(0).id();

        feed(tracker, 2, 40.0, 0.0);

        assertEquals(2, tracker.trackCount());
        final Track original = tracker.track(0);
        assertEquals(id, original.id());
        assertEquals(-1, original.measurementIndex());
        assertEquals(TrackStatus.COASTING, original.status());
        assertEquals(0.0, original.x(), 0.5);
        final Track newcomer = tracker.track(1);
        assertEquals(0, newcomer.measurementIndex());
        assertEquals(40.0, newcomer.x(), 1e-9);
        assertTrue(newcomer.id() > id);
    }

    @Test
    void aSecondTrackOnOneObjectIsDroppedWhenAsked()
    {
        final Tracker dropping = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L).dropDuplicates(true));
        final Tracker keeping = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L));
        for (final Tracker tracker : new Tracker[]{ dropping, keeping })
        {
            for (int step = 0; step < 5; step++)
            {
                feedCar(tracker, step, 0.0, 0.0, 20.0, 0.0);
            }
            // The car's box jumps 2 m along its length, beyond the gate: a second track starts inside the first's box.
            feedCar(tracker, 5, 2.0, 0.0, 20.0, 0.0);
            feedCar(tracker, 6, 2.0, 0.0, 20.0, 0.0);
        }

        assertEquals(3, keeping.trackCount(), "without the rule both tracks on the car stay");
        assertEquals(0, keeping.droppedDuplicateCount());
        assertEquals(2, dropping.trackCount(), "the car keeps one track, the car 20 m ahead its own");
        assertEquals(0, dropping.track(0).id(), "the track with more hits stays");
        assertEquals(0.0, dropping.track(0).x(), 0.5);
        assertEquals(20.0, dropping.track(1).x(), 0.5);
        assertEquals(1, dropping.droppedDuplicateCount());
    }

    @Test
    void aFragmentOfAnEstablishedObjectStartsNoTrackWhenAsked()
    {
        final Tracker dropping = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L).dropDuplicates(true));
        final Tracker keeping = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L));
        for (final Tracker tracker : new Tracker[]{ dropping, keeping })
        {
            for (int step = 0; step < 5; step++)
            {
                feedCar(tracker, step, 0.0, 0.0);
            }
            // Beside the car's own box, a second cluster 4.5 m on along its length, whose position along the ray is
            // known only to 2.5 m (the far edge of its roof): it fits the car's gate, the car takes the better one.
            for (int step = 5; step < 8; step++)
            {
                batch.reset(step * PERIOD_NS, 0, LIDAR);
                final int car = batch.add(0.0, 0.0, CAR, 1.0, 0.9);
                batch.yaw(car, 0.0).size(car, 4.6, 1.9, 1.5);
                final int fragment = batch.add(4.5, 0.0, CAR, 1.0, 0.9);
                batch.positionCovariance(fragment, 6.4, 0.0, 0.04).size(fragment, 4.6, 1.9, 1.5);
                tracker.update(batch);
            }
        }

        assertEquals(2, keeping.trackCount(), "without the rule the fragment starts a track of its own");
        assertEquals(0, keeping.fragmentCount());
        assertEquals(1, dropping.trackCount(), "the car keeps one track");
        assertEquals(0.0, dropping.track(0).x(), 0.3);
        assertEquals(3, dropping.fragmentCount());
    }

    @Test
    void aDetectionOutsideEveryGateStillStartsATrackWhenFragmentsAreDropped()
    {
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L).dropDuplicates(true));
        for (int step = 0; step < 5; step++)
        {
            feedCar(tracker, step, 0.0, 0.0);
        }
        feedCar(tracker, 5, 0.0, 0.0, 9.0, 0.0);

        assertEquals(2, tracker.trackCount(), "a car 9 m ahead, measured to centimetres, is a car of its own");
        assertEquals(0, tracker.fragmentCount());
    }

    @Test
    void aBoxThatShrinksAsMoreIsSeenKeepsItsTrack()
    {
        // A parked van: its first LiDAR boxes take in what stands beside it and shrink sweep by sweep, their centre
        // sliding along with the far face. Taken at face value, the slide leaves the gate and starts a second track.
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L));
        final double nearFace = 245.0;
        final double[] lengths = { 9.7, 8.4, 6.7, 5.9, 5.5, 5.4, 5.4 };
        for (int step = 0; step < lengths.length; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            final int m = batch.add(nearFace + 0.5 * lengths[step], -4.8, CAR, 1.0, 0.9);
            batch.positionCovariance(m, 0.01, 0.0, 0.01).yaw(m, 0.0).size(m, lengths[step], 2.1, 2.5);
            tracker.update(batch);
        }

        assertEquals(1, tracker.trackCount(), "one van, one track");
        assertEquals(7, tracker.track(0).hits());
    }

    @Test
    void aRadarReturnOffTheNearCornerOfACarAcrossItsViewLeavesItsCentre()
    {
        // A car parked across the radar's view, 10 m ahead and 4.1 m to the side, its nose towards the aisle. The radar
        // sees the corner of its nose: moved along the line of sight by the box's depth there, that point is 2 m from
        // the car's centre, across the line of sight, where the box is 4.9 m wide.
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L)
            .measurementNoise(RADAR, 0.6, 0.2, 0.3));
        for (int step = 0; step < 5; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            final int m = batch.add(10.0, -4.1, CAR, 1.0, 0.9);
            batch.positionCovariance(m, 0.01, 0.0, 0.01).yaw(m, 0.5 * Math.PI).size(m, 4.6, 1.9, 1.5);
            tracker.update(batch);
        }
        for (int step = 0; step < 20; step++)
        {
            batch.reset(5 * PERIOD_NS + step * PERIOD_NS / 4, 1, RADAR);
            batch.startsTracks(false);
            final int m = batch.add(9.05, -1.8, 0, 0.5, 0.9);
            batch.surface(m, 0.0, 0.0).velocity(m, 0.0, 0.0);
            tracker.update(batch);
        }

        final Track car = nearest(tracker, 10.0, -4.1);
        assertEquals(-4.1, car.y(), 0.3, "the car's centre stays where its boxes put it");
        assertEquals(10.0, car.x(), 0.3);
    }

    @Test
    void aBoxSeenEndOnDoesNotTurnATravellingCar()
    {
        // An oncoming car far ahead: its box comes end on for a few sweeps (the front face taken for its side), a
        // quarter turn from the way it travels. Taken as a heading, the turning model swings the velocity with it.
        final Tracker following =
            new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L).headingFollowsTravel(true));
        final Tracker taking = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L));
        for (final Tracker tracker : new Tracker[]{ following, taking })
        {
            for (int step = 0; step < 30; step++)
            {
                batch.reset(step * PERIOD_NS, 0, LIDAR);
                final int m = batch.add(80.0 - 2.5 * step, 3.5, CAR, 1.0, 0.9);
                batch.positionCovariance(m, 0.04, 0.0, 0.04).yaw(m, step >= 20 && step < 24 ? 0.5 * Math.PI : 0.0)
                    .size(m, 4.6, 1.9, 1.5);
                tracker.update(batch);
                if (step == 23)
                {
                    final Track car = tracker.track(0);
                    final double heading = Math.atan2(car.vy(), car.vx());
                    if (tracker == following)
                    {
                        assertEquals(Math.PI, Math.abs(heading), 0.05,
                            "travels as it did: " + car.vx() + ", " + car.vy());
                        assertEquals(0.0, Math.sin(car.yaw()), 0.1, "headed along its travel: " + car.yaw());
                    }
                    else
                    {
                        assertTrue(Math.abs(Math.sin(car.yaw())) > 0.5,
                            "without the rule the heading turns: " + car.yaw());
                    }
                }
            }
        }
        assertEquals(1, following.trackCount());
    }

    @Test
    void aPillarDoesNotBecomeTheCarBesideIt()
    {
        // A garage pillar, tracked as the 0.6 m post it is; then a LiDAR box of the car parked beside it, 2.4 m off.
        // A box that much bigger is not more of the pillar seen, and must not pull the pillar's track onto the car.
        final Tracker tracker = new Tracker(context().lifecycle(STATIC_OBSTACLE, 1, 0, 1_000_000_000L)
            .lifecycle(CAR, 1, 0, 1_000_000_000L).dropDuplicates(true));
        for (int step = 0; step < 3; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            final int m = batch.add(5.4, -2.1, STATIC_OBSTACLE, 0.6, 0.9);
            batch.positionCovariance(m, 0.01, 0.0, 0.03).size(m, 0.6, 0.6, 2.8);
            tracker.update(batch);
        }
        for (int step = 3; step < 6; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            final int m = batch.add(4.9, -4.5, CAR, 0.6, 0.9);
            batch.positionCovariance(m, 0.24, 0.0, 0.26).yaw(m, 0.5 * Math.PI).size(m, 5.4, 2.1, 1.5);
            tracker.update(batch);
        }

        final Track pillar = nearest(tracker, 5.4, -2.1);
        assertEquals(-2.1, pillar.y(), 0.3, "the pillar stays where it stands");
        assertTrue(pillar.length() < 1.0, "and as big as it is: " + pillar.length());
    }

    @Test
    void aBoxLessThanHalfItsTracksLengthDoesNotTurnIt()
    {
        // The LiDAR's box of a wall across the aisle's end, 15 m long; then the box of a car parked 12 m nearer, across
        // the wall's short side, which the slack for their sizes' difference lets into the wall's gate. A box less
        // than half the track's length is a part of it at most, and a part's axes are not the whole's: the wall
        // stays across the aisle (turned, its corner would reach metres into the aisle, and slide along the wall).
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 1, 0, 1_000_000_000L).dropDuplicates(true));
        for (int step = 0; step < 5; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            final int m = batch.add(20.0, 0.0, CAR, 1.0, 0.9);
            batch.positionCovariance(m, 0.04, 0.0, 0.04).yaw(m, 0.5 * Math.PI).size(m, 15.0, 0.3, 3.0);
            tracker.update(batch);
        }
        for (int step = 5; step < 8; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            final int m = batch.add(8.0, 0.0, CAR, 1.0, 0.9);
            batch.positionCovariance(m, 0.04, 0.0, 0.04).yaw(m, 0.0).size(m, 4.6, 1.9, 1.5);
            tracker.update(batch);
        }

        final Track wall = nearest(tracker, 20.0, 0.0);
        assertEquals(1.0, Math.abs(Math.sin(wall.yaw())), 1e-3, "the wall stays across the aisle: " + wall.yaw());
    }

    @Test
    void aStaticObstacleStandsStillWhereLiveFusionAsksIt()
    {
        // A pillar whose track took a detection 0.5 m off (something beside it), then goes unseen: predicted at the
        // velocity that jump made, it slides on towards the aisle; held still, it stays where it was seen.
        for (final boolean still : new boolean[]{ true, false })
        {
            final Tracker tracker = new Tracker(context().lifecycle(STATIC_OBSTACLE, 1, 0, 2_000_000_000L)
                .staticObstaclesStandStill(still));
            for (int step = 0; step < 4; step++)
            {
                batch.reset(step * PERIOD_NS, 0, LIDAR);
                final int m = batch.add(5.4, step < 3 ? -2.7 : -2.2, STATIC_OBSTACLE, 0.6, 0.9);
                batch.positionCovariance(m, 0.01, 0.0, 0.01).size(m, 0.6, 0.6, 2.8);
                tracker.update(batch);
            }
            tracker.predictTo(14 * PERIOD_NS);
            final Track pillar = tracker.track(0);
            if (still)
            {
                assertEquals(0.0, Math.hypot(pillar.vx(), pillar.vy()), 1e-9);
                assertTrue(pillar.y() < -2.1, "stays within the jump: " + pillar.y());
            }
            else
            {
                assertTrue(pillar.y() > -1.5, "without the rule it slides on: " + pillar.y());
            }
        }
    }

    @Test
    void lifecycleGoesTentativeConfirmedCoastingDeleted()
    {
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 3, 0, 300_000_000L));

        feed(tracker, 0, 5.0, 5.0);
        assertEquals(TrackStatus.TENTATIVE, tracker.track(0).status());
        feed(tracker, 1, 5.0, 5.0);
        assertEquals(TrackStatus.TENTATIVE, tracker.track(0).status());
        feed(tracker, 2, 5.0, 5.0);
        final Track track = tracker.track(0);
        assertEquals(TrackStatus.CONFIRMED, track.status());
        assertEquals(3, track.hits());
        final double confirmedExistence = track.existence();

        feed(tracker, 3);
        assertEquals(TrackStatus.COASTING, track.status());
        assertEquals(1, track.consecutiveMisses());
        assertTrue(track.existence() < confirmedExistence);

        feed(tracker, 4, 5.0, 5.0);
        assertEquals(TrackStatus.CONFIRMED, track.status());
        assertEquals(0, track.consecutiveMisses());

        feed(tracker, 5);
        feed(tracker, 6);
        feed(tracker, 7);
        assertEquals(1, tracker.trackCount(), "coasting for 300 ms is allowed");
        feed(tracker, 8);
        assertEquals(0, tracker.trackCount(), "400 ms without an update deletes it");
        assertEquals(TrackStatus.DELETED, track.status());
        assertEquals(1, tracker.createdCount());
        assertEquals(1, tracker.confirmedCount());
        assertEquals(1, tracker.deletedCount());
    }

    @Test
    void tentativeTrackDiesOnAMiss()
    {
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 3, 0, 300_000_000L));
        feed(tracker, 0, 5.0, 5.0);
        feed(tracker, 1);

        assertEquals(0, tracker.trackCount());
        assertEquals(0, tracker.confirmedCount());
    }

    @Test
    void lowConfidenceMeasurementStartsNoTrack()
    {
        final Tracker tracker = new Tracker(context().birthConfidence(CAR, 0.6));
        batch.reset(0, 0, LIDAR);
        batch.add(1.0, 1.0, CAR, 1.0, 0.5);
        tracker.update(batch);

        assertEquals(0, tracker.trackCount());
    }

    @Test
    void constantVelocityTargetConverges()
    {
        final Tracker tracker =
            new Tracker(context().processNoise(CAR, 0.5, 0.5, 0.5).lifecycle(CAR, 3, 1, 500_000_000L));
        final Random random = new Random(42);
        final double vx = 10.0;
        final double vy = -2.0;
        final double noise = 0.3;
        double squaredPositionError = 0.0;
        double squaredVelocityError = 0.0;
        int scored = 0;
        for (int step = 0; step < 150; step++)
        {
            final double x = step * 0.1 * vx;
            final double y = step * 0.1 * vy;
            feed(tracker, step, x + noise * random.nextGaussian(), y + noise * random.nextGaussian());
            if (step >= 50)
            {
                final Track track = tracker.track(0);
                squaredPositionError += square(track.x() - x) + square(track.y() - y);
                squaredVelocityError += square(track.vx() - vx) + square(track.vy() - vy);
                scored++;
            }
        }

        assertEquals(1, tracker.trackCount());
        final Track track = tracker.track(0);
        assertEquals(TrackStatus.CONFIRMED, track.status());
        assertEquals(150, track.hits());
        final double positionRmse = Math.sqrt(squaredPositionError / scored);
        final double velocityRmse = Math.sqrt(squaredVelocityError / scored);
        // Well below the 0.42 m of a raw measurement (0.3 m per axis), and velocity recovered.
        assertTrue(positionRmse < 0.25, "position RMSE " + positionRmse);
        assertTrue(velocityRmse < 0.5, "velocity RMSE " + velocityRmse);
        assertEquals(vx, track.vx(), 0.6);
        assertEquals(vy, track.vy(), 0.6);
        assertTrue(track.covariance(Track.X, Track.X) < noise * noise, "position variance below the measurement's");
    }

    @Test
    void crossingTargetsKeepTheirIds()
    {
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 2, 1, 500_000_000L));
        final Random random = new Random(3);
        int idOfA = -1;
        int idOfB = -1;
        for (int step = 0; step <= 40; step++)
        {
            final double t = step * 0.1;
            // A drives north-east, B south-east: their paths cross at the origin at t = 2 s.
            final double ax = -20.0 + 10.0 * t;
            final double ay = -20.0 + 10.0 * t;
            final double bx = -20.0 + 10.0 * t;
            final double by = 20.0 - 10.0 * t;
            final double noise = 0.1;
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            // Alternate the order so that nothing rides on measurement order.
            if ((step & 1) == 0)
            {
                add(ax + noise * random.nextGaussian(), ay + noise * random.nextGaussian());
                add(bx + noise * random.nextGaussian(), by + noise * random.nextGaussian());
            }
            else
            {
                add(bx + noise * random.nextGaussian(), by + noise * random.nextGaussian());
                add(ax + noise * random.nextGaussian(), ay + noise * random.nextGaussian());
            }
            tracker.update(batch);

            if (step == 5)
            {
                idOfA = nearest(tracker, ax, ay).id();
                idOfB = nearest(tracker, bx, by).id();
            }
        }

        assertEquals(2, tracker.trackCount());
        assertNotEquals(idOfA, idOfB);
        assertEquals(idOfA, nearest(tracker, 20.0, 20.0).id());
        assertEquals(idOfB, nearest(tracker, 20.0, -20.0).id());
        assertEquals(2, tracker.createdCount());
    }

    @Test
    void sameInputGivesIdenticalOutputBytes() throws IOException
    {
        assertArrayEquals(scenarioBytes(), scenarioBytes());
    }

    @Test
    void classEvidenceFusesAcrossSources()
    {
        final Tracker tracker = new Tracker(context().lifecycle(PEDESTRIAN, 1, 1, 500_000_000L));
        for (int step = 0; step < 6; step++)
        {
            batch.reset(step * PERIOD_NS, 1, 1);
            batch.add(3.0, 1.0, PEDESTRIAN, 0.7, 0.9);
            tracker.update(batch);
            // A radar return says nothing about the class and must not erode it.
            batch.reset(step * PERIOD_NS + PERIOD_NS / 2, 2, RADAR);
            final int m = batch.add(3.0, 1.0, Tracker.UNKNOWN_CLASS, 0.0, 0.9);
            batch.velocity(m, 0.0, 0.0);
            tracker.update(batch);
        }

        assertEquals(1, tracker.trackCount());
        final Track track = tracker.track(0);
        assertEquals(PEDESTRIAN, track.objectClass());
        assertTrue(track.classConfidence() > 0.95, "confidence " + track.classConfidence());
        assertEquals(0b110L, track.contributingSources());

        // A confident car detection on the same spot does not fit a pedestrian track.
        batch.reset(7 * PERIOD_NS, 1, 1);
        batch.add(3.0, 1.0, CAR, 0.99, 0.9);
        tracker.update(batch);
        assertEquals(-1, track.measurementIndex());
        assertEquals(2, tracker.trackCount());
    }

    @Test
    void conclusionNamesTheBadField()
    {
        final IllegalArgumentException gate = assertThrows(
            IllegalArgumentException.class, () -> new TrackerContext().gateChiSquare(-1.0).conclude());
        assertTrue(gate.getMessage().contains("gateChiSquare"), gate.getMessage());

        final IllegalArgumentException noise = assertThrows(IllegalArgumentException.class,
            () -> new TrackerContext().measurementNoise(RADAR, 0.0, 0.1, 0.1).conclude());
        assertTrue(noise.getMessage().contains("positionStd[2]"), noise.getMessage());

        final TrackerContext concluded = new TrackerContext().conclude();
        assertThrows(IllegalStateException.class, () -> concluded.maxTracks(3));
    }

    @Test
    void fullTableRefusesBirthsAndCountsThem()
    {
        final Tracker tracker = new Tracker(context().maxTracks(2));
        batch.reset(0, 0, LIDAR);
        add(0.0, 0.0);
        add(20.0, 0.0);
        add(40.0, 0.0);
        tracker.update(batch);

        assertEquals(2, tracker.trackCount());
        assertEquals(1, tracker.refusedBirthCount());
    }

    @Test
    void steadyStateAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 2, 1, 500_000_000L));
        final Random random = new Random(11);

        runTraffic(tracker, random, 0, 2_000);
        final long before = threads.getCurrentThreadAllocatedBytes();
        runTraffic(tracker, random, 2_000, 2_000);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(tracker.trackCount() >= 20, "tracks " + tracker.trackCount());
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 2000 updates");
    }

    private void runTraffic(final Tracker tracker, final Random random, final int firstStep, final int steps)
    {
        for (int step = firstStep; step < firstStep + steps; step++)
        {
            batch.reset(step * PERIOD_NS, 0, LIDAR);
            for (int target = 0; target < 24; target++)
            {
                if (random.nextDouble() < 0.9)
                {
                    final int m = batch.add(target * 8.0 + 0.2 * random.nextGaussian(),
                        Math.sin(step * 0.01 + target) * 5.0 + 0.2 * random.nextGaussian(), CAR, 1.0, 0.95);
                    batch.yaw(m, 0.1 * target).size(m, 4.5, 1.8, 1.5).elevation(m, 0.0);
                }
            }
            if (random.nextDouble() < 0.3)
            {
                batch.add(random.nextDouble() * 200.0, 50.0 + random.nextDouble() * 20.0, CAR, 1.0, 0.7);
            }
            tracker.update(batch);
        }
    }

    private byte[] scenarioBytes() throws IOException
    {
        final Tracker tracker = new Tracker(context().lifecycle(CAR, 2, 1, 300_000_000L));
        final Random random = new Random(99);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        for (int step = 0; step < 200; step++)
        {
            batch.reset(step * PERIOD_NS, step % 3, LIDAR);
            final int count = random.nextInt(8);
            for (int i = 0; i < count; i++)
            {
                final int m = batch.add(random.nextDouble() * 30.0, random.nextDouble() * 30.0, CAR, 1.0,
                    0.5 + 0.5 * random.nextDouble());
                batch.yaw(m, random.nextDouble() * 6.0).size(m, 4.0, 1.8, 1.5);
            }
            tracker.update(batch);
            for (int i = 0; i < tracker.trackCount(); i++)
            {
                final Track track = tracker.track(i);
                out.writeInt(track.id());
                out.writeInt(track.status().ordinal());
                out.writeInt(track.measurementIndex());
                for (int s = 0; s < Track.STATE_SIZE; s++)
                {
                    out.writeDouble(track.state(s));
                    for (int c = 0; c < Track.STATE_SIZE; c++)
                    {
                        out.writeDouble(track.covariance(s, c));
                    }
                }
                out.writeDouble(track.existenceLogOdds());
                out.writeDouble(track.length());
            }
        }
        assertTrue(tracker.createdCount() > 10);
        return bytes.toByteArray();
    }

    private static double square(final double value)
    {
        return value * value;
    }

    private static Track nearest(final Tracker tracker, final double x, final double y)
    {
        Track nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < tracker.trackCount(); i++)
        {
            final Track track = tracker.track(i);
            final double distance = Math.hypot(track.x() - x, track.y() - y);
            if (distance < best)
            {
                best = distance;
                nearest = track;
            }
        }
        return nearest;
    }

    private void feed(final Tracker tracker, final int step, final double... xy)
    {
        batch.reset(step * PERIOD_NS, 0, LIDAR);
        for (int i = 0; i < xy.length; i += 2)
        {
            add(xy[i], xy[i + 1]);
        }
        tracker.update(batch);
    }

    private void feedCar(final Tracker tracker, final int step, final double... xy)
    {
        batch.reset(step * PERIOD_NS, 0, LIDAR);
        for (int i = 0; i < xy.length; i += 2)
        {
            final int m = batch.add(xy[i], xy[i + 1], CAR, 1.0, 0.9);
            batch.yaw(m, 0.0).size(m, 4.6, 1.9, 1.5);
        }
        tracker.update(batch);
    }

    private void add(final double x, final double y)
    {
        batch.add(x, y, CAR, 1.0, 0.9);
    }

    private static TrackerContext context()
    {
        return new TrackerContext()
            .measurementNoise(LIDAR, 0.3, 0.2, 0.5)
            .processNoise(CAR, 2.0, 1.0, 1.0)
            .processNoise(PEDESTRIAN, 1.0, 1.0, 1.0)
            .initialSpeedStd(CAR, 15.0)
            .confirmExistence(0.5)
            .deleteExistence(0.001);
    }
}
