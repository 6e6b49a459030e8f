package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fusion scored against the simulator's ground truth. Highway cruise is held to the bar;
 * {@code -Dfusebox.fusion.scenarios=all} also prints the table for every scenario (30 s each, about
 * 30 s of wall time), as {@link ScenarioEvaluation#main} does.
 */
class ScenarioScoreTest
{
    @Test
    void highwayCruiseMeetsTheBar()
    {
        final Rig rig = RigLoader.loadDefault();
        final ScenarioEvaluation.Run run = ScenarioEvaluation.run(rig, "highway-cruise", 1, 20.0, new FusionContext());
        ScenarioEvaluation.printHeader(System.out);
        ScenarioEvaluation.print(System.out, run);
        final GroundTruthScore score = run.score();
        assertTrue(score.groundTruth() > 300, "objects counted: " + score.groundTruth());
        assertTrue(score.mota() >= 0.95, "MOTA " + score.mota());
        assertTrue(score.positionRmseM() <= 0.3, "position RMSE " + score.positionRmseM());
        assertTrue(score.velocityRmseMps() <= 0.5, "velocity RMSE " + score.velocityRmseMps());

        if ("all".equals(System.getProperty("fusebox.fusion.scenarios")))
        {
            for (final String name : ScenarioCatalog.names())
            {
                ScenarioEvaluation.print(System.out, ScenarioEvaluation.run(rig, name, 1, 30.0, new FusionContext()));
            }
        }
    }
}
