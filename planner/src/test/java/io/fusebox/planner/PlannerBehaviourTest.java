package io.fusebox.planner;

import io.fusebox.planner.map.LaneMap;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.ObjectClass;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviours on hand-built world models: one cycle for what the planner decides, and a closed loop (an ideal
 * follower, objects at constant velocity) for what that decision leads to.
 */
class PlannerBehaviourTest
{
    private static final double LANE_WIDTH = 3.7;
    private static final double GARAGE_LANE_WIDTH = 3.0;
    private static final double LIMIT = 25.0;
    private static final long NS = 1_000_000_000L;
    private static final double COMFORT_DECELERATION = 3.0;
    private static final double TOLERANCE = 1e-3;

    private final PlannerContext context = new PlannerContext().conclude();
    private final Planner planner = new Planner(context);
    private final WorldModelWriter writer = new WorldModelWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private final TrajectoryReader trajectory = new TrajectoryReader();

    static LaneMap oneLane(final double limit)
    {
        final LaneMap.Builder builder = LaneMap.builder();
        builder.addStraightLane(-200, 0, 3000, 0, LANE_WIDTH, limit);
        return builder.build();
    }

    /** A garage aisle's lane: 3 m wide, 3 m/s (creeping). */
    static LaneMap garageLane()
    {
        final LaneMap.Builder builder = LaneMap.builder();
        builder.addStraightLane(-200, 0, 3000, 0, GARAGE_LANE_WIDTH, 3.0);
        return builder.build();
    }

    /** The ego's lane along x and a lane to its left, same direction. */
    static LaneMap twoLanes()
    {
        final LaneMap.Builder builder = LaneMap.builder();
        final int right = builder.addStraightLane(-200, 0, 3000, 0, LANE_WIDTH, LIMIT);
        final int left = builder.addStraightLane(-200, LANE_WIDTH, 3000, LANE_WIDTH, LANE_WIDTH, LIMIT);
        builder.neighbours(right, left, LaneMap.NO_LANE);
        builder.neighbours(left, LaneMap.NO_LANE, right);
        return builder.build();
    }

    private TrajectoryReader plan(final LaneMap map)
    {
        final int length = writer.finish();
        final int written = planner.plan(writer.buffer, 0, length, map, out, 0);
        assertTrue(written > 0, "planned: " + written);
        return trajectory.read(out, 0);
    }

    @Test
    void anOncomingCarKeepsToItsLaneWhateverItsTrackSaysOfItsHeading()
    {
        // 70 m ahead in the lane to the left, coming at 11.5 m/s: a young track, its box's heading 18 degrees off
        // and end for end, drifting towards the ego's lane at 2.5 m/s. Oncoming traffic keeps to its lane.
        writer.begin(NS, 1, 0, 0, 0, 13.5, 0).object(7, ObjectClass.CAR, 70, LANE_WIDTH, -11.5, -2.5, -0.32, 4.6, 1.85);
        final TrajectoryReader t = plan(twoLanes());
        assertEquals(Double.POSITIVE_INFINITY, planner.lastTimeToCollision(), t.describe());
        assertEquals(Maneuver.CRUISE, t.maneuver, t.describe());
        assertEquals(0, t.y[t.count - 1], 0.05, "keeps its lane: " + t.describe());
    }

    @Test
    void aYoungTrackComingBackBeyondTheLeadIsNoEmergency()
    {
        // A queue: the lead 9 m ahead at 1 m/s; beyond it a car the LiDAR sees only in part, its young track
        // (velocity std 2.3 m/s) coming back at 1.9 m/s. Its speed against the traffic counts by its trust.
        writer.begin(NS, 1, 0, 0, 0, 1.6, 0).car(4, 9.0, 0, 1.0).car(48, 14.5, 0, -1.9).velocityVariance(5.25);
        final TrajectoryReader young = plan(oneLane(LIMIT));
        final double youngTtc = planner.lastTimeToCollision();
        assertTrue(Maneuver.EMERGENCY_STOP != young.maneuver, young.describe());
        assertTrue(youngTtc > context.emergencyTtcS(), "TTC " + youngTtc);

        // The same car with its velocity established is a car reversing at the ego: that is an emergency.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.6, 0).car(4, 9.0, 0, 1.0).car(48, 14.5, 0, -1.9);
        final TrajectoryReader established = plan(oneLane(LIMIT));
        assertTrue(planner.lastTimeToCollision() < youngTtc, established.describe());
    }

    @Test
    void aYoungTrackIsNotBelievedFasterThanTwiceTheLimit()
    {
        // Creeping along a garage aisle (3 m/s): right beside the ego, a young track of a parked car's fragment comes
        // at its side at 20 m/s (velocity std 4 m/s, trusted a sixteenth). Counted by its trust alone it would reach
        // the ego in about a second; no one young is believed faster than twice the limit.
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(31, ObjectClass.UNKNOWN, 2.0, -3.5, 0, 20.0, 0, 3.4, 1.5).velocityVariance(16.0);
        final TrajectoryReader garage = plan(oneLane(3.0));
        assertTrue(Maneuver.EMERGENCY_STOP != garage.maneuver, garage.describe());
        assertTrue(planner.lastTimeToCollision() >= context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());

        // On a road whose limit allows such a speed, the same young track is a threat: the ego stops (at 1.4 m/s a
        // comfortable stop stands as soon as a hard one would, and it is hit standing either way).
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(31, ObjectClass.UNKNOWN, 2.0, -3.5, 0, 20.0, 0, 3.4, 1.5).velocityVariance(16.0);
        final TrajectoryReader road = plan(oneLane(LIMIT));
        assertEquals(Maneuver.STOP, road.maneuver, road.describe());
        assertTrue(planner.lastTimeToCollision() < context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());
    }

    @Test
    void creepingTheEgoKeepsToTheRoomySideOfItsLane()
    {
        // A garage aisle's lane, 3 m wide at 3 m/s: a row of parked cars nose-on to the aisle on the right, their
        // noses 1.8 m from the lane's centre (0.85 m from the body). The ego moves over to the left, into the room
        // its lane has, and no further than 5 cm inside the lane's edge.
        final TrafficLoop right = new TrafficLoop(planner, garageLane()).ego(0, 0, 0, 1.5);
        for (double x = 4; x < 80; x += 2.6)
        {
            right.add(ObjectClass.CAR, x, -4.1, 0, 0, 1.9, 4.6);
        }
        right.run(15);
        final double room = 0.5 * (GARAGE_LANE_WIDTH - context.egoWidthM());
        assertTrue(right.egoY > 0.3 && right.egoY <= room, "y " + right.egoY);
        assertEquals(0, right.collisions);
        assertFalse(right.maneuvers.contains(Maneuver.EMERGENCY_STOP), right.summary());

        // Rows on both sides as near: the middle is the lane's centre.
        planner.reset();
        final TrafficLoop both = new TrafficLoop(planner, garageLane()).ego(0, 0, 0, 1.5);
        for (double x = 4; x < 80; x += 2.6)
        {
            both.add(ObjectClass.CAR, x, -4.1, 0, 0, 1.9, 4.6).add(ObjectClass.CAR, x, 4.1, 0, 0, 1.9, 4.6);
        }
        both.run(15);
        assertEquals(0, both.egoY, 0.05, both.summary());
        assertTrue(both.egoX > 8, both.summary());
    }

    @Test
    void creepingAYoungBoxOfNoPersonDoesNotStopTheEgo()
    {
        // Creeping in a garage aisle: beside the ego's front a young track (velocity std 4 m/s) of a parked car's
        // nose, its box the tracker's guess, across the aisle and into the ego's corridor. Its boxes change every
        // sweep; the occupancy grid's near field guards the creep, the box is no emergency (at most a lead to
        // stop behind gently).
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.CAR, 3.0, -2.3, 0, 0, 0.5 * Math.PI, 4.6, 1.9).velocityVariance(16.0);
        final TrajectoryReader young = plan(garageLane());
        assertTrue(Maneuver.EMERGENCY_STOP != young.maneuver, young.describe());
        assertTrue(planner.lastTimeToCollision() > context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());

        // The same box, its track established: it is believed, and too near to pass, so the ego stops. But it
        // stands and is no person: the stop is a comfortable one, as the near field (which brakes hard for what
        // really stands within its reach) is there to guard what stands in the way.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.CAR, 3.0, -2.3, 0, 0, 0.5 * Math.PI, 4.6, 1.9);
        final TrajectoryReader established = plan(garageLane());
        assertEquals(Maneuver.STOP, established.maneuver, established.describe());
        assertEquals(0.0, established.speed[established.count - 1], 1e-6, established.describe());

        // Someone young beside the ego's front is believed at once: a person may step out.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.PEDESTRIAN, 3.0, -1.4, 0, 0, 0, 0.5, 0.5).velocityVariance(16.0);
        final TrajectoryReader person = plan(garageLane());
        assertEquals(Maneuver.EMERGENCY_STOP, person.maneuver, person.describe());

        // But not a young person's box that already overlaps the ego's body: nothing stands inside the ego, the
        // detection is misplaced (the near field guards what really stands that close).
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.PEDESTRIAN, 3.0, -0.8, 0, 0, 0, 0.5, 0.5).velocityVariance(16.0);
        final TrajectoryReader inside = plan(garageLane());
        assertTrue(Maneuver.EMERGENCY_STOP != inside.maneuver, inside.describe());

        // Its track established, the same box is believed: a real contact is braked for.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.PEDESTRIAN, 3.0, -0.8, 0, 0, 0, 0.5, 0.5);
        final TrajectoryReader contact = plan(garageLane());
        assertEquals(Maneuver.EMERGENCY_STOP, contact.maneuver, contact.describe());
    }

    @Test
    void creepingAStandingBoxOfNoPersonIsNoThreatOfItsOwn()
    {
        // Creeping in a garage aisle: ahead on the right, a parked car's established box that the LiDAR's changing view
        // has turned 45 degrees, its corner in the ego's corridor a metre and a half beyond the bumper. It stands: it
        // is no time to collision of its own (the ego would only drive into it), but the candidates still collide
        // with it, so the ego stops short of it.
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.CAR, 7.0, -2.8, 0, 0, -0.25 * Math.PI, 4.6, 1.9);
        final TrajectoryReader standing = plan(garageLane());
        assertEquals(Double.POSITIVE_INFINITY, planner.lastTimeToCollision(), standing.describe());
        assertEquals(Maneuver.STOP, standing.maneuver, standing.describe());
        assertTrue(planner.lastValidCandidates() > 0, "the stop is a candidate's: " + standing.describe());

        // The same box of someone who may step out is a threat.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.PEDESTRIAN, 7.0, -2.8, 0, 0, -0.25 * Math.PI, 4.6, 1.9);
        plan(garageLane());
        assertTrue(planner.lastTimeToCollision() < context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());

        // So is the car's box at speed, where the near field does not guard.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 6.0, 0)
            .object(31, ObjectClass.CAR, 12.0, -2.2, 0, 0, -0.25 * Math.PI, 4.6, 1.9);
        final TrajectoryReader road = plan(oneLane(LIMIT));
        assertTrue(planner.lastTimeToCollision() < Double.POSITIVE_INFINITY, "TTC " + planner.lastTimeToCollision());
        assertTrue(Maneuver.CREEP != road.maneuver, road.describe());
    }

    @Test
    void creepingAYoungPersonsBoxFasterThanAnyoneRunsIsNoPersons()
    {
        // Creeping in a garage aisle, a young pedestrian track beside the ego's front coming at it at 30 m/s: a piece
        // of a parked car that the cameras' detections of someone metres away dragged along (seed 1 at 34.9 s). No
        // one runs that fast: like any young box of no person, the near field guards it.
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.PEDESTRIAN, 5.5, -1.2, -30.0, 3.0, Math.PI, 0.6, 0.6).velocityVariance(16.0);
        final TrajectoryReader ghost = plan(garageLane());
        assertTrue(Maneuver.EMERGENCY_STOP != ghost.maneuver, ghost.describe());

        // At a run's pace the same box is someone, and is braked for.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(31, ObjectClass.PEDESTRIAN, 5.5, -1.2, -3.0, 0.3, Math.PI, 0.6, 0.6).velocityVariance(16.0);
        final TrajectoryReader person = plan(garageLane());
        assertEquals(Maneuver.EMERGENCY_STOP, person.maneuver, person.describe());
    }

    @Test
    void nothingComesBackThroughTheLead()
    {
        // The lead 12 m ahead at 1.5 m/s, its motion known; right behind it a young track coming back at 7 m/s (the
        // box of a car the lead half hides, sliding as more of it shows). It cannot reach the ego but through the lead.
        writer.begin(NS, 1, 0, 0, 0, 2.5, 0).car(4, 12.0, 0, 1.5)
            .car(23, 16.9, 0, -7.1).velocityVariance(3.4);
        final TrajectoryReader t = plan(oneLane(LIMIT));
        assertTrue(Maneuver.EMERGENCY_STOP != t.maneuver, t.describe());
        assertTrue(planner.lastTimeToCollision() > context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());
    }

    @Test
    void freeRoadCruisesAtTheLimit()
    {
        writer.begin(NS, 1, 0, 0, 0, LIMIT, 0);
        final TrajectoryReader t = plan(oneLane(LIMIT));
        assertEquals(Maneuver.CRUISE, t.maneuver, t.describe());
        assertEquals(LIMIT, t.targetSpeed, TOLERANCE);
        assertEquals(context.pointCount(), t.count);
        for (int i = 0; i < t.count; i++)
        {
            assertEquals(0.1f * (i + 1), t.t[i], 1e-5);
            assertEquals(LIMIT, t.speed[i], 0.01, t.describe());
            assertEquals(LIMIT * t.t[i], t.x[i], 0.05, t.describe());
            assertEquals(0, t.y[i], 1e-3);
        }
    }

    @Test
    void acceleratesToTheLimitWithinComfort()
    {
        final TrafficLoop loop = new TrafficLoop(planner, oneLane(LIMIT)).ego(0, 0, 0, 10).run(25);
        assertEquals(LIMIT, loop.egoSpeed, 0.3, loop.summary());
        assertEquals(Maneuver.CRUISE, loop.trajectory.maneuver);
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= context.maxAccelerationMps2() + TOLERANCE, loop.summary());
        assertTrue(loop.maxAbsJerkOutsideEmergency <= context.maxJerkMps3() + 0.01, loop.summary());
    }

    @Test
    void followsASlowerLeadAtASafeGap()
    {
        final TrafficLoop loop = new TrafficLoop(planner, oneLane(LIMIT)).ego(0, 0, 0, LIMIT).car(60, 0, 15);
        loop.step();
        assertEquals(Maneuver.FOLLOW, loop.firstManeuver, loop.trajectory.describe());
        assertEquals(15, loop.trajectory.targetSpeed, 0.01);
        loop.run(60);
        // Equilibrium of the ACC model: s0 + v T behind the lead, at its speed.
        final double equilibrium = context.minGapM() + 15 * context.timeGapS();
        assertEquals(15, loop.egoSpeed, 0.2, loop.summary());
        assertEquals(equilibrium, loop.gapTo(0), 2.0, loop.summary());
        assertEquals(0, loop.collisions);
        assertTrue(loop.minGapAhead > 0.6 * equilibrium, loop.summary());
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= COMFORT_DECELERATION + TOLERANCE, loop.summary());
        assertTrue(loop.maxAbsJerkOutsideEmergency <= context.maxJerkMps3() + 0.01, loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
    }

    @Test
    void stopsBeforeAStoppedObstacleWhenThereIsNoOtherLane()
    {
        final TrafficLoop loop = new TrafficLoop(planner, oneLane(LIMIT)).ego(0, 0, 0, 15).car(90, 0, 0);
        loop.step();
        assertEquals(Maneuver.STOP, loop.firstManeuver, loop.trajectory.describe());
        loop.run(30);
        assertEquals(0, loop.egoSpeed, 0.01, loop.summary());
        assertEquals(0, loop.collisions);
        assertTrue(loop.gapTo(0) >= context.minGapM() - 0.5 && loop.gapTo(0) <= context.minGapM() + 2.0,
            "stopped " + loop.gapTo(0) + " m short; " + loop.summary());
        assertEquals(Maneuver.STOP, loop.trajectory.maneuver);
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= COMFORT_DECELERATION + TOLERANCE, loop.summary());
        assertTrue(loop.maxAbsJerkOutsideEmergency <= context.maxJerkMps3() + 0.01, loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
    }

    @Test
    void changesLaneAroundAStoppedObstacleWhenTheNeighbourIsFree()
    {
        final TrafficLoop loop = new TrafficLoop(planner, twoLanes()).ego(0, 0, 0, 20).car(150, 0, 0);
        loop.step();
        assertEquals(Maneuver.STOP, loop.firstManeuver, "blocked only once it has stood for a while");
        loop.run(context.blockedPersistenceS());
        assertEquals(Maneuver.LANE_CHANGE_LEFT, loop.trajectory.maneuver, loop.trajectory.describe());
        assertTrue(planner.lastLaneBlocked());
        loop.run(20);
        assertEquals(LANE_WIDTH, loop.egoY, 0.1, loop.summary());
        assertTrue(loop.egoX > 250, "passed the obstacle: " + loop.summary());
        assertEquals(0, loop.collisions);
        assertEquals(Maneuver.CRUISE, loop.trajectory.maneuver, loop.summary());
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= COMFORT_DECELERATION + TOLERANCE, loop.summary());
        assertTrue(loop.maxAbsJerkOutsideEmergency <= context.maxJerkMps3() + 0.01, loop.summary());
    }

    @Test
    void staysAndStopsWhenTheNeighbourLaneIsBusy()
    {
        final TrafficLoop loop = new TrafficLoop(planner, twoLanes()).ego(0, 0, 0, 15).car(90, 0, 0);
        // A dense stream in the left lane, as fast as the ego: no gap a lane change could use safely.
        for (int i = 0; i < 30; i++)
        {
            loop.car(40 - 14 * i, LANE_WIDTH, 15);
        }
        loop.run(20);
        assertFalse(loop.maneuvers.contains(Maneuver.LANE_CHANGE_LEFT), loop.summary());
        assertEquals(0, loop.egoY, 0.05, loop.summary());
        assertEquals(0, loop.egoSpeed, 0.01, loop.summary());
        assertEquals(0, loop.collisions, loop.summary());
        assertTrue(loop.gapTo(0) >= context.minGapM() - 0.5, loop.summary());
    }

    @Test
    void waitsInAQueueRatherThanChangingLane()
    {
        // The lead stands, but it stands behind more standing traffic: a jam, not a broken-down car.
        final TrafficLoop loop = new TrafficLoop(planner, twoLanes()).ego(0, 0, 0, 12)
            .car(70, 0, 0).car(82, 0, 0).car(94, 0, 0);
        loop.run(20);
        assertFalse(loop.maneuvers.contains(Maneuver.LANE_CHANGE_LEFT), loop.summary());
        assertFalse(planner.lastLaneBlocked());
        assertEquals(0, loop.egoSpeed, 0.01, loop.summary());
        assertEquals(0, loop.collisions, loop.summary());
    }

    @Test
    void emergencyStopsForAPedestrianSteppingIn()
    {
        // 12 m/s, a pedestrian 2.2 m to the right 16 m ahead walks into the lane at 1.5 m/s.
        final TrafficLoop loop = new TrafficLoop(planner, oneLane(LIMIT)).ego(0, 0, 0, 12)
            .add(ObjectClass.PEDESTRIAN, 19.9, -2.2, 0, 1.5, 0.5, 0.6);
        loop.step();
        assertEquals(Maneuver.EMERGENCY_STOP, loop.firstManeuver, loop.trajectory.describe());
        assertTrue(planner.lastTimeToCollision() < context.emergencyTtcS());
        assertTrue(loop.trajectory.minAcceleration() < -COMFORT_DECELERATION, loop.trajectory.describe());
        assertEquals(0, loop.trajectory.last(loop.trajectory.speed), 0.01);
        loop.run(5);
        assertEquals(0, loop.collisions, loop.summary());
    }

    @Test
    void waitsForAPedestrianCrossingFarAheadWithoutEmergency()
    {
        final TrafficLoop loop = new TrafficLoop(planner, oneLane(13.9)).ego(0, 0, 0, 12)
            .add(ObjectClass.PEDESTRIAN, 60, -4, 0, 1.4, 0.5, 0.6);
        loop.run(20);
        assertEquals(0, loop.collisions, loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
        assertTrue(loop.maneuvers.contains(Maneuver.STOP), loop.summary());
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= COMFORT_DECELERATION + TOLERANCE, loop.summary());
        assertTrue(loop.egoX > 100, "went on once the crossing was clear: " + loop.summary());
    }

    @Test
    void yieldsToSomeoneStartingToCrossEarlyEnoughToBrakeGently()
    {
        // 64 m ahead, 6.4 m right of the lane's centre, walking across at 1.4 m/s: in the lane when the ego,
        // at 13.4 m/s, would get there. Braking begins now, not once the walker is two seconds from the lane.
        final TrafficLoop loop = new TrafficLoop(planner, oneLane(13.9)).ego(0, 0, 0, 13.4)
            .add(ObjectClass.PEDESTRIAN, 64, -6.4, 0, 1.4, 0.5, 0.6);
        loop.run(8);
        assertEquals(0, loop.collisions, loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= 2.5, loop.summary());
    }

    @Test
    void brakesGentlyForAFasterCarCuttingIn()
    {
        // Alongside on the left, 3 m/s faster, moving into the ego's lane at 1.5 m/s, 8 m ahead.
        final TrafficLoop loop = new TrafficLoop(planner, twoLanes()).ego(0, 0, 0, 25)
            .add(ObjectClass.CAR, 3.9 + 8 + 2.3, LANE_WIDTH, 28, -1.5, 4.6, 1.85);
        loop.run(2.4);
        loop.vy[0] = 0;
        loop.y[0] = 0;
        loop.run(10);
        assertEquals(0, loop.collisions, loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= COMFORT_DECELERATION + TOLERANCE, loop.summary());
    }

    @Test
    void creepsInAParkingAisleAndStopsOnProximity()
    {
        final LaneMap aisle = oneLane(3.0);
        final TrafficLoop loop = new TrafficLoop(planner, aisle).ego(0, 0, 0, 0).run(8);
        assertEquals(Maneuver.CREEP, loop.trajectory.maneuver, loop.summary());
        assertEquals(context.creepSpeedMps(), loop.egoSpeed, 0.05, loop.summary());

        // The grid shows something 0.5 m ahead of the front bumper, across the ego's path.
        final int cells = 100;
        final float size = 0.2f;
        final byte[] grid = new byte[cells * cells];
        final double front = TrafficLoop.EGO_LENGTH - TrafficLoop.EGO_REAR + 0.5;
        final int ix = (int)Math.floor(front / size + cells / 2.0);
        for (int iy = cells / 2 - 3; iy <= cells / 2 + 3; iy++)
        {
            grid[iy * cells + ix] = (byte)255;
        }
        writer.begin(NS * 20, 500, loop.egoX, loop.egoY, loop.egoYaw, loop.egoSpeed, 0).grid(cells, cells, size, grid);
        final TrajectoryReader t = plan(aisle);
        assertEquals(Maneuver.STOP, t.maneuver, t.describe());
        assertEquals(0, t.last(t.speed), 1e-3);
        // The cell begins 0.5 m ahead of the bumper: the rear axle may move less than that.
        assertTrue(t.last(t.x) < 0.5, "stops within the gap: " + t.describe());
    }

    @Test
    void aPillarsDriftIsNoiseNotMotion()
    {
        // Creeping along an aisle: a pillar just ahead, 0.8 m clear of the ego's side, its track showing 0.18 m/s
        // towards the aisle (noise: it is below the standing speed and its velocity is established).
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(21, ObjectClass.STATIC_OBSTACLE, 5.0, -2.1, 0.07, 0.18, 0, 0.7, 0.7);
        final TrajectoryReader t = plan(oneLane(3.0));
        assertEquals(Double.POSITIVE_INFINITY, planner.lastTimeToCollision(), t.describe());
        assertEquals(Maneuver.CREEP, t.maneuver, t.describe());
    }

    @Test
    void aStaticObstacleStandsWhateverItsTrackSays()
    {
        // Creeping along an aisle: a pillar ahead beside it, whose track has it coming at the aisle at 3 m/s with an
        // established velocity (its box jumping between the pieces the LiDAR sees). Its class says it stands.
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(21, ObjectClass.STATIC_OBSTACLE, 6.0, -2.6, 0, 3.0, 0, 0.6, 0.6);
        final TrajectoryReader pillar = plan(oneLane(3.0));
        assertEquals(Maneuver.CREEP, pillar.maneuver, pillar.describe());
        assertEquals(Double.POSITIVE_INFINITY, planner.lastTimeToCollision(), pillar.describe());

        // A car's track saying as much is believed: it is predicted across the ego's path (the ego stops for it).
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(21, ObjectClass.CAR, 6.0, -2.6, 0, 3.0, 0, 0.6, 0.6);
        final TrajectoryReader car = plan(oneLane(3.0));
        assertTrue(planner.lastTimeToCollision() < context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());
        assertEquals(Maneuver.STOP, car.maneuver, car.describe());
    }

    @Test
    void creepingSomeoneSteppingOutAheadIsAComfortableStop()
    {
        // Creeping at 1.4 m/s: a person steps out of a bay 2 m beyond the front bumper, walking across the aisle at
        // 1.2 m/s. The time to collision is under the emergency threshold, but a stop within the comfort limits ends
        // well short of where they walk: no emergency.
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(61, ObjectClass.PEDESTRIAN, 6.2, -1.8, 0, 1.2, 0.5 * Math.PI, 0.5, 0.5);
        final TrajectoryReader creep = plan(oneLane(3.0));
        assertTrue(planner.lastTimeToCollision() < context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());
        assertEquals(Maneuver.STOP, creep.maneuver, creep.describe());
        for (int k = 0; k < creep.count; k++)
        {
            assertTrue(creep.acceleration[k] >= -context.comfortDecelerationMps2() - 1e-6, creep.describe());
        }
        assertTrue(creep.last(creep.x) < 6.2 - 0.25 - context.egoLengthM() + context.egoRearOverhangM(),
            "stops short of the person: " + creep.describe());
    }

    @Test
    void creepingSomeoneWalkingAtTheEgoIsAComfortableStop()
    {
        // Creeping at 1.4 m/s: a person 5 m beyond the front bumper walks along the lane at the ego, 1.2 m/s. The time
        // to collision is over the threshold, but every plan is refused: they walk into the ego even where it stands.
        // Braking hard would not keep them off; a comfortable stop stands as soon. No emergency.
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(62, ObjectClass.PEDESTRIAN, 9.0, 0, -1.2, 0, Math.PI, 0.5, 0.5);
        final TrajectoryReader creep = plan(oneLane(3.0));
        assertTrue(planner.lastTimeToCollision() >= context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());
        assertEquals(0, planner.lastValidCandidates(), creep.describe());
        assertEquals(Maneuver.STOP, creep.maneuver, creep.describe());
        for (int k = 0; k < creep.count; k++)
        {
            assertTrue(creep.acceleration[k] >= -context.comfortDecelerationMps2() - 1e-6, creep.describe());
        }

        // A car parked 2 m beyond the bumper on a road at 10 m/s, too near for any plan: a comfortable stop does not
        // stand before it, so the ego brakes hard.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 10.0, 0)
            .object(63, ObjectClass.CAR, 3.9 + 2.0 + 2.3, 0, 0, 0, 0, 4.6, 1.9);
        final TrajectoryReader road = plan(oneLane(LIMIT));
        assertEquals(Maneuver.EMERGENCY_STOP, road.maneuver, road.describe());
    }

    @Test
    void creepingACarBackingOutBesideTheEgoIsAComfortableStop()
    {
        // Creeping at 1.5 m/s: beside the ego's rear half a car backs out of its bay at 1 m/s, its box 0.35 m from
        // the ego's side. Contact is a tenth of a second away however the ego brakes: the car's motion closes the
        // gap, so braking hard buys nothing and the ego stops within the comfort limits.
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(64, ObjectClass.CAR, 0.0, -3.6, 0, 1.0, 0.5 * Math.PI, 4.6, 1.9);
        final TrajectoryReader beside = plan(garageLane());
        assertTrue(planner.lastTimeToCollision() < context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());
        assertEquals(Maneuver.STOP, beside.maneuver, beside.describe());
        for (int k = 0; k < beside.count; k++)
        {
            assertTrue(beside.acceleration[k] >= -context.comfortDecelerationMps2() - 1e-6, beside.describe());
        }

        // A car coming down the aisle at the ego, 1.8 m beyond its bumper: braking hard stands the ego sooner and
        // further back, and puts the contact off. An emergency stop.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.5, 0)
            .object(65, ObjectClass.CAR, 3.9 + 1.8 + 2.3, 0, -2.0, 0, Math.PI, 4.6, 1.9);
        final TrajectoryReader ahead = plan(garageLane());
        assertEquals(Maneuver.EMERGENCY_STOP, ahead.maneuver, ahead.describe());
    }

    @Test
    void creepingAContactSecondsAfterTheEgoStandsIsAComfortableStop()
    {
        // Creeping at 0.6 m/s: a car backs out of a bay on the left at 1.4 m/s, its box 3.7 m from the ego's centre
        // line, its near side somewhere from just behind the ego's front to 1.2 m beyond. Every plan is refused; the
        // comfortable stop stands the ego 2.5 s or more before the car arrives, the hard stop 0.2 m shorter, which at
        // one place (4.64 m ahead) escapes the car's path. Braking hard for a contact seconds after the ego stands
        // buys nothing: a comfortable stop always.
        final double front = context.egoLengthM() - context.egoRearOverhangM();
        int refused = 0;
        for (double x = front - 0.4; x <= front + 1.2; x += 0.02)
        {
            planner.reset();
            writer.begin(NS, 1, 0, 0, 0, 0.6, 0)
                .object(66, ObjectClass.CAR, x + 0.95, 6.0, 0, -1.4, 0.5 * Math.PI, 4.6, 1.9);
            final TrajectoryReader t = plan(garageLane());
            refused += 0 == planner.lastValidCandidates() ? 1 : 0;
            assertEquals(Maneuver.STOP, t.maneuver, String.format("car's near side %.2f m ahead: %s", x, t.describe()));
            for (int k = 0; k < t.count; k++)
            {
                assertTrue(t.acceleration[k] >= -context.comfortDecelerationMps2() - 1e-6, t.describe());
            }
        }
        assertTrue(refused > 0, "the car's path refused every plan somewhere");
    }

    @Test
    void creepingTheGridCutsBackABoxThatStandsOrDrawsAwayButNotOneComing()
    {
        // Creeping past a row of parked cars whose noses the grid sees 1.5 m to the right, the floor between them
        // and the ego seen free. A car's box beside the ego reaches to 1.1 m of its centre line, into the corridor.
        final int cells = 160;
        final float size = 0.5f;
        final byte[] grid = new byte[cells * cells];
        final int noses = (int)Math.floor(-1.6 / size + cells / 2.0);
        for (int ix = 0; ix < cells; ix++)
        {
            grid[noses * cells + ix] = (byte)255;
        }
        final double[] lateralSpeeds = {0.0, -1.0, 1.0};
        for (final double vy : lateralSpeeds)
        {
            planner.reset();
            writer.begin(NS, 1, 0, 0, 0, 1.4, 0).grid(cells, cells, size, grid)
                .object(71, ObjectClass.CAR, 1.0, -3.4, 0, vy, 0.5 * Math.PI, 4.6, 1.9);
            final TrajectoryReader t = plan(garageLane());
            if (vy <= 0)
            {
                // Standing, or drawing away: its face towards the ego trails, and the floor there is seen free.
                assertEquals(Maneuver.CREEP, t.maneuver, "vy " + vy + ": " + t.describe());
                assertEquals(Double.POSITIVE_INFINITY, planner.lastTimeToCollision(), "vy " + vy);
            }
            else
            {
                // Coming at the ego, it may be about to cover floor the grid saw free: its box stands.
                assertEquals(0.0, planner.lastTimeToCollision(), "vy " + vy + ": " + t.describe());
            }
        }
    }

    @Test
    void aVelocityWithinTwoStandardDeviationsOfZeroIsNoMotion()
    {
        // Creeping: the nose of a car parked across the aisle's edge, its young track showing 1 m/s towards the aisle
        // with a velocity std of 0.8 m/s (established, but the speed is noise of its first boxes).
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(41, ObjectClass.CAR, 6.0, -4.6, 0, 1.0, 0.5 * Math.PI, 4.6, 1.9).velocityVariance(0.64);
        final TrajectoryReader noise = plan(oneLane(3.0));
        assertTrue(Maneuver.EMERGENCY_STOP != noise.maneuver, noise.describe());
        assertEquals(Double.POSITIVE_INFINITY, planner.lastTimeToCollision(), noise.describe());

        // Known to 0.2 m/s, the same 1 m/s is motion: the car is pulling out.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(41, ObjectClass.CAR, 6.0, -4.6, 0, 1.0, 0.5 * Math.PI, 4.6, 1.9).velocityVariance(0.04);
        plan(oneLane(3.0));
        assertTrue(planner.lastTimeToCollision() < Double.POSITIVE_INFINITY, "TTC " + planner.lastTimeToCollision());
    }

    @Test
    void creepingAVehicleInTheBaysIsNotBelievedFasterThanBackingOut()
    {
        // Creeping along a garage aisle: in the bays to the right, 12 m ahead, an established track of a parked car
        // coming diagonally at the aisle at 3 m/s (the LiDAR taking the same piece of the next car for this one).
        // Off the aisle's lanes nothing but a person moves faster than 1 m/s: at that it is something to wait for, if
        // anything, not to brake hard for.
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(51, ObjectClass.CAR, 12.0, -6.5, -2.3, 1.9, 0.5 * Math.PI, 4.6, 1.9);
        final TrajectoryReader garage = plan(garageLane());
        assertTrue(Maneuver.EMERGENCY_STOP != garage.maneuver, garage.describe());
        assertTrue(planner.lastTimeToCollision() > context.emergencyTtcS(), "TTC " + planner.lastTimeToCollision());

        // Off a road whose limit allows it, the same track is believed.
        planner.reset();
        writer.begin(NS, 1, 0, 0, 0, 1.4, 0)
            .object(51, ObjectClass.CAR, 12.0, -6.5, -2.3, 1.9, 0.5 * Math.PI, 4.6, 1.9);
        plan(oneLane(LIMIT));
        assertTrue(planner.lastTimeToCollision() < context.horizonS(), "TTC " + planner.lastTimeToCollision());
    }

    @Test
    void plansInTheVehicleFrameWhateverTheOdometryPose()
    {
        final TrafficLoop straight = new TrafficLoop(new Planner(new PlannerContext()), oneLane(LIMIT))
            .ego(0, 0, 0, 20).car(50, 0, 12);
        straight.step();

        // The same scene rotated by 0.7 rad and moved: the trajectory in the vehicle frame must not change.
        final double yaw = 0.7;
        final double ox = 123.0;
        final double oy = -45.0;
        final LaneMap.Builder builder = LaneMap.builder();
        builder.addStraightLane(ox - 200 * Math.cos(yaw), oy - 200 * Math.sin(yaw), ox + 3000 * Math.cos(yaw),
            oy + 3000 * Math.sin(yaw), LANE_WIDTH, LIMIT);
        final TrafficLoop rotated = new TrafficLoop(new Planner(new PlannerContext()), builder.build())
            .ego(ox, oy, yaw, 20).car(ox + 50 * Math.cos(yaw), oy + 50 * Math.sin(yaw), 12 * Math.cos(yaw));
        rotated.vy[0] = 12 * Math.sin(yaw);
        rotated.yaw[0] = yaw;
        rotated.step();

        assertEquals(straight.trajectory.maneuver, rotated.trajectory.maneuver);
        for (int i = 0; i < straight.trajectory.count; i++)
        {
            assertEquals(straight.trajectory.x[i], rotated.trajectory.x[i], 0.01);
            assertEquals(straight.trajectory.y[i], rotated.trajectory.y[i], 0.01);
            assertEquals(straight.trajectory.speed[i], rotated.trajectory.speed[i], 0.01);
        }
    }

    @Test
    void controlledStopWhenOffTheMap()
    {
        writer.begin(NS, 1, 0, 50, 0, 10, 0);
        final TrajectoryReader t = plan(oneLane(LIMIT));
        assertEquals(Maneuver.CONTROLLED_STOP, t.maneuver);
        assertEquals(0, t.targetSpeed, TOLERANCE);
        assertTrue(t.minAcceleration() >= -COMFORT_DECELERATION - TOLERANCE);
        for (int i = 0; i < t.count; i++)
        {
            assertEquals(0, t.y[i], TOLERANCE);
            assertTrue(i == 0 || t.speed[i] <= t.speed[i - 1]);
        }
    }
}
