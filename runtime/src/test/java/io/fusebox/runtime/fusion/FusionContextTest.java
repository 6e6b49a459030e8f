package io.fusebox.runtime.fusion;

import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionContextTest
{
    @Test
    void conclusionNamesTheFieldAndTheReason()
    {
        final IllegalArgumentException noRig = assertThrows(IllegalArgumentException.class,
            () -> new FusionContext().conclude());
        assertTrue(noRig.getMessage().startsWith("FusionContext.rig "), noRig.getMessage());

        final IllegalArgumentException period = assertThrows(IllegalArgumentException.class,
            () -> new FusionContext().rig(RigLoader.loadDefault()).worldModelPeriodNs(0).conclude());
        assertTrue(period.getMessage().contains("worldModelPeriodNs must be > 0"), period.getMessage());

        final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
            () -> new FusionContext().rig(RigLoader.loadDefault()).grid(0.25, 240, 240).conclude());
        assertTrue(tooBig.getMessage().contains("maxWorldModelObjects") && tooBig.getMessage().contains("240x240"),
            tooBig.getMessage());
    }

    @Test
    void concludedContextIsFrozen()
    {
        final FusionContext context = new FusionContext().rig(RigLoader.loadDefault());
        assertSame(context, context.conclude());
        assertThrows(IllegalStateException.class, () -> context.reorderWindowNs(1));
    }
}
