package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.VehicleGeometry;

import java.util.List;

/**
 * The simulated world of one scenario: roads, actors and the ego vehicle, advanced in fixed steps
 * of {@link #STEP_NS} driven only by message time. Sensors sample it between steps by extrapolating
 * each body from the last step to their capture time, so what they see never depends on pacing.
 *
 * <p>Drivers use the IDM against the nearest body (actor, ego, or red stop line) that is ahead and
 * overlaps their corridor, anticipating lateral motion (pedestrians stepping out, cut-ins) by
 * {@link LeadSearch#ANTICIPATION_S}. Not thread-safe; allocation-free once built.
 */
public final class World
{
    /** The fixed world step, ns. */
    public static final long STEP_NS = 10_000_000L;
    static final double STEP_S = STEP_NS * 1e-9;
    static final double CORRIDOR_MARGIN_M = 0.3;

    private final Scenario scenario;
    final Actor[] actors;
    final EgoVehicle ego;
    private final GroundTruth groundTruth;
    private EgoDriver driver;
    private long timeNs;
    private long sampleTimeNs = Long.MIN_VALUE;
    private final RoadPoint point = new RoadPoint();
    private final Pose pose = new Pose();

    private final LeadSearch leads;

    World(final Scenario scenario, final VehicleGeometry egoGeometry)
    {
        this.scenario = scenario;
        final StopLine[] stopLines = scenario.map().stopLines().toArray(new StopLine[0]);
        final List<ActorSpec> specs = scenario.actors();
        actors = new Actor[specs.size()];
        for (int i = 0; i < actors.length; i++)
        {
            actors[i] = new Actor(i + 1, specs.get(i));
            place(actors[i]);
        }
        ego = new EgoVehicle(egoGeometry);
        final EgoSpec egoSpec = scenario.ego();
        ego.lane = egoSpec.lane();
        egoSpec.lane().centre(egoSpec.startS(), point);
        ego.cosYaw = point.cosHeading;
        ego.sinYaw = point.sinHeading;
        ego.yaw = point.heading;
        ego.x = point.x - ego.centreOffset * ego.cosYaw;
        ego.y = point.y - ego.centreOffset * ego.sinYaw;
        ego.speed = egoSpec.startSpeedMps();
        updateEgoFrenet();
        driver = new LaneFollowingDriver(egoSpec.desiredSpeedMps(), egoSpec.idm());
        leads = new LeadSearch(actors, ego, stopLines);
        groundTruth = new GroundTruth(this);
        sample(0);
    }

    /**
     * @return time of the last completed step, ns of simulation time (0 = drive start).
     */
    public long timeNs()
    {
        return timeNs;
    }

    /**
     * @return the scenario this world runs.
     */
    public Scenario scenario()
    {
        return scenario;
    }

    /**
     * @return ground truth at the time sensors last sampled (the capture time of the message last
     * encoded), a view that changes as the world advances.
     */
    public GroundTruth groundTruth()
    {
        return groundTruth;
    }

    public EgoVehicle ego()
    {
        return ego;
    }

    /**
     * @return the ego's driver: the scenario's own (lane following with the IDM) unless replaced.
     */
    public EgoDriver egoDriver()
    {
        return driver;
    }

    /**
     * Replaces the ego's driver from the next step on: how a closed-loop planner steers the ego.
     */
    public void egoDriver(final EgoDriver driver)
    {
        if (null == driver)
        {
            throw new NullPointerException("driver");
        }
        this.driver = driver;
    }

    long sampleTimeNs()
    {
        return sampleTimeNs;
    }

    /**
     * Steps the world up to {@code simTimeNs} and samples every body at exactly that time.
     */
    void advanceTo(final long simTimeNs)
    {
        if (simTimeNs < timeNs)
        {
            throw new IllegalArgumentException("time runs forward only: at " + timeNs + " ns, asked for " + simTimeNs);
        }
        while (timeNs + STEP_NS <= simTimeNs)
        {
            step();
        }
        sample(simTimeNs);
    }

    private void sample(final long simTimeNs)
    {
        if (simTimeNs == sampleTimeNs)
        {
            return;
        }
        final double dt = (simTimeNs - timeNs) * 1e-9;
        for (final Actor actor : actors)
        {
            actor.sample(dt);
        }
        ego.sample(dt, pose);
        sampleTimeNs = simTimeNs;
    }

    /**
     * Ego pose {@code simTimeNs} (at or after the last step), for sensors that fire over an interval.
     */
    void egoPoseAt(final long simTimeNs, final Pose out)
    {
        ego.poseAfter((simTimeNs - timeNs) * 1e-9, out);
    }

    private void step()
    {
        sample(timeNs);
        final double t = timeNs * 1e-9;
        for (final Actor actor : actors)
        {
            if (actor.isLaneDriven())
            {
                actor.pendingAcceleration = laneAcceleration(actor, t);
            }
        }
        driver.drive(this, ego);
        for (final Actor actor : actors)
        {
            if (actor.isLaneDriven())
            {
                stepLane(actor, t);
            }
            else if (null != actor.spec.walk())
            {
                stepWalk(actor, t);
            }
        }
        ego.step(STEP_S);
        updateEgoFrenet();
        timeNs += STEP_NS;
    }

    private void place(final Actor actor)
    {
        final ActorSpec spec = actor.spec;
        if (null != spec.drive())
        {
            final LaneDrive drive = spec.drive();
            actor.lane = drive.lane();
            actor.s = drive.startS();
            actor.d = drive.lane().offsetM();
            actor.speed = drive.startSpeedMps();
            updateLanePose(actor);
            actor.yawRate = 0;
        }
        else if (null != spec.walk())
        {
            final PathWalk walk = spec.walk();
            actor.pose(walk.xs()[0], walk.ys()[0], actor.segmentCos[0], actor.segmentSin[0]);
        }
        else
        {
            actor.pose(spec.x(), spec.y(), StrictMath.cos(spec.yaw()), StrictMath.sin(spec.yaw()));
        }
    }

    private double laneAcceleration(final Actor actor, final double timeS)
    {
        final Lane lane = actor.lane;
        double low = actor.d;
        double high = actor.d;
        if (actor.isChangingLane())
        {
            low = Math.min(low, actor.changeTarget.offsetM());
            high = Math.max(high, actor.changeTarget.offsetM());
        }
        final double half = actor.halfWidth + CORRIDOR_MARGIN_M;
        leads.find(lane.road(), lane.direction(), actor.s, low - half, high + half, actor.halfLength,
            actor.x, actor.y, actor.speed, actor);
        final double stopGap = leads.stopLineGap(lane.road(), lane.direction(), actor.s, actor.halfLength,
            actor.speed, actor.committedStopS, timeS);
        actor.committedStopS = leads.stopCommitS;
        double gap = leads.leadGap;
        double vLead = leads.leadSpeed;
        if (stopGap < gap)
        {
            gap = stopGap;
            vLead = 0;
        }
        final LaneDrive drive = actor.spec.drive();
        return drive.idm().acceleration(actor.speed, drive.desiredSpeed().at(timeS), gap, actor.speed - vLead);
    }

    /**
     * IDM acceleration of the ego along its lane: what the default driver uses.
     */
    double egoLaneAcceleration(final double desiredSpeed, final IdmParameters idm)
    {
        final Lane lane = ego.lane;
        final double half = ego.halfWidth + CORRIDOR_MARGIN_M;
        leads.find(lane.road(), lane.direction(), ego.s, ego.d - half, ego.d + half, ego.halfLength,
            ego.centreX(), ego.centreY(), ego.speed, null);
        final double stopGap = leads.stopLineGap(lane.road(), lane.direction(), ego.s, ego.halfLength, ego.speed,
            ego.committedStopS, timeNs * 1e-9);
        ego.committedStopS = leads.stopCommitS;
        double gap = leads.leadGap;
        double vLead = leads.leadSpeed;
        if (stopGap < gap)
        {
            gap = stopGap;
            vLead = 0;
        }
        return idm.acceleration(ego.speed, desiredSpeed, gap, ego.speed - vLead);
    }

    private void stepLane(final Actor actor, final double timeS)
    {
        final double dt = STEP_S;
        final double v0 = actor.speed;
        double a = actor.pendingAcceleration;
        double v1 = v0 + a * dt;
        final double distance;
        if (v1 < 0)
        {
            distance = a < 0 ? v0 * v0 / (-2 * a) : 0;
            v1 = 0;
            a = -v0 / dt;
        }
        else
        {
            distance = 0.5 * (v0 + v1) * dt;
        }
        final Lane lane = actor.lane;
        // Arc length along an offset curve differs from the reference's by (1 - curvature * d).
        actor.s += lane.direction() * distance / (1 - actor.curvature * actor.d);
        actor.speed = v1;
        actor.acceleration = a;

        final double next = timeS + dt;
        final List<LaneChange> changes = actor.laneChanges();
        if (!actor.isChangingLane() && actor.nextLaneChange < changes.size() &&
            next >= changes.get(actor.nextLaneChange).startS())
        {
            actor.changeTarget = lane.road().lane(changes.get(actor.nextLaneChange).targetLane());
            actor.changeFromD = actor.d;
        }
        if (actor.isChangingLane())
        {
            final LaneChange change = changes.get(actor.nextLaneChange);
            final double tau = (next - change.startS()) / change.durationS();
            final double delta = actor.changeTarget.offsetM() - actor.changeFromD;
            if (tau >= 1)
            {
                actor.lane = actor.changeTarget;
                actor.d = actor.lane.offsetM();
                actor.lateralSpeed = 0;
                actor.changeTarget = null;
                actor.nextLaneChange++;
            }
            else
            {
                final double t2 = tau * tau;
                actor.d = actor.changeFromD + delta * t2 * tau * (10 - 15 * tau + 6 * t2);
                actor.lateralSpeed = delta * 30 * t2 * (1 - 2 * tau + t2) / change.durationS();
            }
        }
        final double oldYaw = actor.yaw;
        updateLanePose(actor);
        actor.yawRate = Angles.wrap(actor.yaw - oldYaw) / dt;
    }

    private void updateLanePose(final Actor actor)
    {
        final RoadPoint p = point;
        final Lane lane = actor.lane;
        lane.road().point(actor.s, actor.d, p);
        actor.curvature = p.curvature;
        final double tx = lane.direction() * p.cosHeading;
        final double ty = lane.direction() * p.sinHeading;
        final double vx = actor.speed * tx - actor.lateralSpeed * p.sinHeading;
        final double vy = actor.speed * ty + actor.lateralSpeed * p.cosHeading;
        actor.vx = vx;
        actor.vy = vy;
        final double v = Math.sqrt(vx * vx + vy * vy);
        if (v > 0.05)
        {
            actor.pose(p.x, p.y, vx / v, vy / v);
        }
        else
        {
            actor.pose(p.x, p.y, tx, ty);
        }
    }

    private void stepWalk(final Actor actor, final double timeS)
    {
        final PathWalk walk = actor.spec.walk();
        final double next = timeS + STEP_S;
        if (actor.arrived)
        {
            return;
        }
        if (!actor.started)
        {
            final double dx = walk.xs()[0] - ego.x;
            final double dy = walk.ys()[0] - ego.y;
            final double trigger = walk.triggerDistanceM();
            if (next < walk.startTimeS() && !(dx * dx + dy * dy <= trigger * trigger))
            {
                return;
            }
            actor.started = true;
        }
        final int waypoints = walk.xs().length;
        final int segments = walk.loop() ? waypoints : waypoints - 1;
        if (actor.waiting)
        {
            if (!gateOpen(walk, actor.segment, actor.segmentLength[actor.segment], next))
            {
                return;
            }
            actor.waiting = false;
        }
        double remaining = walk.speedMps() * STEP_S;
        while (remaining > 0)
        {
            final double left = actor.segmentLength[actor.segment] - actor.along;
            if (remaining < left)
            {
                actor.along += remaining;
                remaining = 0;
            }
            else
            {
                remaining -= left;
                actor.segment++;
                actor.along = 0;
                if (actor.segment >= segments)
                {
                    if (!walk.loop())
                    {
                        actor.segment = segments - 1;
                        actor.along = actor.segmentLength[actor.segment];
                        actor.arrived = true;
                        break;
                    }
                    actor.segment = 0;
                }
                if (!gateOpen(walk, actor.segment, actor.segmentLength[actor.segment], next))
                {
                    actor.waiting = true;
                    break;
                }
            }
        }
        final int i = actor.segment;
        final double c = actor.segmentCos[i];
        final double sn = actor.segmentSin[i];
        actor.pose(walk.xs()[i] + actor.along * c, walk.ys()[i] + actor.along * sn, c, sn);
        final boolean moving = !actor.waiting && !actor.arrived;
        actor.speed = moving ? walk.speedMps() : 0;
        actor.vx = actor.speed * c;
        actor.vy = actor.speed * sn;
        // Walkers turn at corners in one step: report no yaw rate rather than a spike.
        actor.yawRate = 0;
    }

    private boolean gateOpen(final PathWalk walk, final int waypoint, final double crossingM, final double timeS)
    {
        final SignalHead signal = walk.gates()[waypoint];
        return null == signal || (signal.state(timeS) == SignalPlan.GREEN &&
            signal.greenRemainingS(timeS) >= crossingM / walk.speedMps() + 1.0);
    }

    private void updateEgoFrenet()
    {
        final Road road = ego.lane.road();
        road.project(ego.centreX(), ego.centreY(), point);
        ego.s = point.s;
        ego.d = point.d;
    }
}
