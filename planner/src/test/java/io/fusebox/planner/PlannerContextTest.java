package io.fusebox.planner;

import io.fusebox.planner.scene.Scene;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerContextTest
{
    @Test
    void concludeDerivesThePointCount()
    {
        assertEquals(50, new PlannerContext().conclude().pointCount());
        assertEquals(30, new PlannerContext().horizonS(3.0).conclude().pointCount());
    }

    @Test
    void concludeNamesTheFieldAndTheReason()
    {
        assertMessage(new PlannerContext().horizonS(5.05), "PlannerContext.horizonS must be a whole number of steps");
        assertMessage(new PlannerContext().comfortDecelerationMps2(9), "PlannerContext.emergencyDecelerationMps2 must be >=");
        assertMessage(new PlannerContext().emergencyTtcS(0), "PlannerContext.emergencyTtcS must be in (0, horizonS]");
        assertMessage(new PlannerContext().egoRearOverhangM(6), "PlannerContext.egoRearOverhangM must be in [0, egoLengthM)");
        assertMessage(new PlannerContext().maxReferencePoints(50), "PlannerContext.maxReferencePoints must cover");
        assertMessage(new PlannerContext().occupiedThreshold(0), "PlannerContext.occupiedThreshold must be in (128, 255]");
        assertMessage(new PlannerContext().occupiedThreshold(128), "PlannerContext.occupiedThreshold must be in (128, 255]");
        assertMessage(new PlannerContext().stopDecelerationMps2(2.5),
            "PlannerContext.stopDecelerationMps2 must be in (0, idmComfortDecelerationMps2]");
        assertMessage(new PlannerContext().establishedVelocityStdMps(0), "PlannerContext.establishedVelocityStdMps must be > 0");
    }

    @Test
    void aConcludedContextCannotChange()
    {
        final PlannerContext context = new PlannerContext().conclude();
        assertThrows(IllegalStateException.class, () -> context.timeGapS(2.0));
    }

    @Test
    void refusesWhatIsNotAWorldModelAndWritesNothing()
    {
        final Planner planner = new Planner(new PlannerContext());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer in = new UnsafeBuffer(new byte[256]);
        final SensorHealthEncoder health = new SensorHealthEncoder();
        health.wrapAndApplyHeader(in, 0, new MessageHeaderEncoder()).timeNs(5).sensorsCount(0);
        final int healthLength = MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
        assertEquals(Scene.NOT_A_WORLD_MODEL, planner.plan(in, 0, healthLength, PlannerBehaviourTest.oneLane(20), out, 0));

        final WorldModelWriter writer = new WorldModelWriter();
        final int length = writer.begin(1, 1, 0, 0, 0, 10, 0).car(1, 30, 0, 5).finish();
        assertEquals(Scene.MALFORMED, planner.plan(writer.buffer, 0, length - 20, PlannerBehaviourTest.oneLane(20), out, 0));
        assertEquals(Planner.BUFFER_TOO_SMALL, planner.plan(writer.buffer, 0, length, PlannerBehaviourTest.oneLane(20),
            new UnsafeBuffer(new byte[100]), 0));
        assertEquals(0, out.getLong(0));
        assertEquals(0, planner.nextSequence());

        assertTrue(planner.plan(writer.buffer, 0, length, PlannerBehaviourTest.oneLane(20), out, 0) > 0);
        assertEquals(1, planner.nextSequence());
    }

    private static void assertMessage(final PlannerContext context, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, context::conclude);
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }
}
