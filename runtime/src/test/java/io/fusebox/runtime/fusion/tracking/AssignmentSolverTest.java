package io.fusebox.runtime.fusion.tracking;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.fusebox.runtime.fusion.tracking.AssignmentSolver.INFEASIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AssignmentSolverTest
{
    @Test
    void solvesASquareProblemWhereGreedyFails()
    {
        final AssignmentSolver solver = solverFor(new double[][]{
            { 4, 1, 3 },
            { 2, 0, 5 },
            { 3, 2, 2 } });

        // Greedy would take (1,1)=0 first; the optimum is 1 + 2 + 2 = 5.
        assertEquals(3, solver.solve());
        assertEquals(1, solver.columnForRow(0));
        assertEquals(0, solver.columnForRow(1));
        assertEquals(2, solver.columnForRow(2));
        assertEquals(2, solver.rowForColumn(2));
    }

    @Test
    void solvesMoreColumnsThanRows()
    {
        final AssignmentSolver solver = solverFor(new double[][]{
            { 9, 2, 7, 8 },
            { 6, 4, 3, 7 } });

        assertEquals(2, solver.solve());
        assertEquals(1, solver.columnForRow(0));
        assertEquals(2, solver.columnForRow(1));
        assertEquals(-1, solver.rowForColumn(0));
        assertEquals(-1, solver.rowForColumn(3));
    }

    @Test
    void solvesMoreRowsThanColumns()
    {
        final AssignmentSolver solver = solverFor(new double[][]{
            { 9, 6 },
            { 2, 4 },
            { 7, 3 } });

        assertEquals(2, solver.solve());
        assertEquals(-1, solver.columnForRow(0));
        assertEquals(0, solver.columnForRow(1));
        assertEquals(1, solver.columnForRow(2));
    }

    @Test
    void neverReturnsAnInfeasiblePairAndMaximisesFeasiblePairs()
    {
        final AssignmentSolver solver = solverFor(new double[][]{
            { 1, 10, INFEASIBLE },
            { 2, INFEASIBLE, INFEASIBLE },
            { INFEASIBLE, INFEASIBLE, INFEASIBLE } });

        // Cheapest would give row 0 column 0 and strand row 1; two feasible pairs win.
        assertEquals(2, solver.solve());
        assertEquals(1, solver.columnForRow(0));
        assertEquals(0, solver.columnForRow(1));
        assertEquals(-1, solver.columnForRow(2));
        assertEquals(-1, solver.rowForColumn(2));
    }

    @Test
    void allInfeasibleAssignsNothing()
    {
        final AssignmentSolver solver = solverFor(new double[][]{ { INFEASIBLE, Double.NaN } });

        assertEquals(0, solver.solve());
        assertEquals(-1, solver.columnForRow(0));
    }

    @Test
    void emptyProblems()
    {
        final AssignmentSolver solver = new AssignmentSolver(4, 4);
        solver.reset(0, 3);
        assertEquals(0, solver.solve());
        solver.reset(2, 0);
        assertEquals(0, solver.solve());
        assertEquals(-1, solver.columnForRow(1));
    }

    @Test
    void matchesBruteForceOnRandomProblems()
    {
        final Random random = new Random(7);
        final AssignmentSolver solver = new AssignmentSolver(6, 6);
        for (int trial = 0; trial < 500; trial++)
        {
            final int rows = 1 + random.nextInt(5);
            final int columns = 1 + random.nextInt(5);
            final double[][] cost = new double[rows][columns];
            solver.reset(rows, columns);
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    cost[r][c] = random.nextDouble() < 0.3 ? INFEASIBLE : random.nextDouble() * 10.0 - 2.0;
                    solver.cost(r, c, cost[r][c]);
                }
            }

            final int assigned = solver.solve();
            double total = 0.0;
            for (int r = 0; r < rows; r++)
            {
                final int c = solver.columnForRow(r);
                if (c >= 0)
                {
                    total += cost[r][c];
                }
            }

            final double[] best = { -1, Double.POSITIVE_INFINITY };
            bruteForce(cost, 0, new boolean[columns], 0, 0.0, best);
            assertEquals(best[0], assigned, "pairs in trial " + trial);
            assertEquals(best[1], total, 1e-9, "cost in trial " + trial);
        }
    }

    private static void bruteForce(
        final double[][] cost, final int row, final boolean[] used, final int pairs, final double total,
        final double[] best)
    {
        if (row == cost.length)
        {
            if (pairs > best[0] || (pairs == best[0] && total < best[1]))
            {
                best[0] = pairs;
                best[1] = total;
            }
            return;
        }
        bruteForce(cost, row + 1, used, pairs, total, best);
        for (int c = 0; c < used.length; c++)
        {
            if (!used[c] && cost[row][c] != INFEASIBLE)
            {
                used[c] = true;
                bruteForce(cost, row + 1, used, pairs + 1, total + cost[row][c], best);
                used[c] = false;
            }
        }
    }

    private static AssignmentSolver solverFor(final double[][] cost)
    {
        final AssignmentSolver solver = new AssignmentSolver(cost.length, cost[0].length);
        solver.reset(cost.length, cost[0].length);
        for (int r = 0; r < cost.length; r++)
        {
            for (int c = 0; c < cost[0].length; c++)
            {
                solver.cost(r, c, cost[r][c]);
            }
        }
        return solver;
    }
}
