package io.fusebox.runtime.fusion.tracking;

import java.util.Arrays;

/**
 * Optimal assignment of rows to columns on a rectangular cost matrix (shortest augmenting paths
 * with dual potentials, the Jonker-Volgenant form of the Hungarian method), on arrays sized once.
 * <p>
 * Pairs may be marked infeasible. The solver first maximises the number of feasible pairs, then
 * minimises their total cost, and never returns an infeasible pair. Rows and columns with no
 * feasible pair are left out before solving, which keeps the cubic part to the contested objects.
 * Ties resolve to the lowest index, so the result depends only on the costs.
 */
public final class AssignmentSolver
{
    /** Cost of a pair that must not be assigned. */
    public static final double INFEASIBLE = Double.POSITIVE_INFINITY;

    private final int maxRows;
    private final int maxColumns;
    private final double[] cost;
    private int rows;
    private int columns;

    private final int[] rowToColumn;
    private final int[] columnToRow;
    private final int[] activeRows;
    private final int[] activeColumns;
    private final boolean[] columnFeasible;

    // 1-based working arrays of the augmenting-path method, index 0 is the virtual start.
    private final double[] rowPotential;
    private final double[] columnPotential;
    private final double[] minimumSlack;
    private final int[] columnOwner;
    private final int[] pathPrevious;
    private final boolean[] visited;

    public AssignmentSolver(final int maxRows, final int maxColumns)
    {
        if (maxRows < 1 || maxColumns < 1)
        {
            throw new IllegalArgumentException(
                "AssignmentSolver.maxRows and maxColumns must be >= 1: " + maxRows + ", " + maxColumns);
        }
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
        cost = new double[maxRows * maxColumns];
        rowToColumn = new int[maxRows];
        columnToRow = new int[maxColumns];
        activeRows = new int[maxRows];
        activeColumns = new int[maxColumns];
        columnFeasible = new boolean[maxColumns];

        final int side = Math.max(maxRows, maxColumns) + 1;
        rowPotential = new double[side];
        columnPotential = new double[side];
        minimumSlack = new double[side];
        columnOwner = new int[side];
        pathPrevious = new int[side];
        visited = new boolean[side];
    }

    /**
     * Starts a problem of the given size with every pair infeasible.
     */
    public void reset(final int rows, final int columns)
    {
        if (rows < 0 || rows > maxRows || columns < 0 || columns > maxColumns)
        {
            throw new IllegalArgumentException("AssignmentSolver problem " + rows + " x " + columns +
                " exceeds capacity " + maxRows + " x " + maxColumns);
        }
        this.rows = rows;
        this.columns = columns;
        Arrays.fill(cost, 0, rows * columns, INFEASIBLE);
    }

    /**
     * Sets the cost of assigning row to column; {@link #INFEASIBLE} or NaN forbids the pair.
     */
    public void cost(final int row, final int column, final double value)
    {
        cost[row * columns + column] = Double.isNaN(value) ? INFEASIBLE : value;
    }

    public double cost(final int row, final int column)
    {
        return cost[row * columns + column];
    }

    /**
     * Solves the current problem.
     *
     * @return the number of assigned pairs, all feasible.
     */
    public int solve()
    {
        Arrays.fill(rowToColumn, 0, rows, -1);
        Arrays.fill(columnToRow, 0, columns, -1);
        Arrays.fill(columnFeasible, 0, columns, false);

        int activeRowCount = 0;
        double largestMagnitude = 0.0;
        for (int row = 0; row < rows; row++)
        {
            boolean anyFeasible = false;
            for (int column = 0; column < columns; column++)
            {
                final double value = cost[row * columns + column];
                if (value != INFEASIBLE)
                {
                    anyFeasible = true;
                    columnFeasible[column] = true;
                    largestMagnitude = Math.max(largestMagnitude, Math.abs(value));
                }
            }
            if (anyFeasible)
            {
                activeRows[activeRowCount++] = row;
            }
        }
        int activeColumnCount = 0;
        for (int column = 0; column < columns; column++)
        {
            if (columnFeasible[column])
            {
                activeColumns[activeColumnCount++] = column;
            }
        }
        if (0 == activeRowCount)
        {
            return 0;
        }

        // An infeasible pair costs more than any set of feasible ones can, so the optimum first
        // maximises the number of feasible pairs; they are dropped from the answer afterwards.
        final double forbidden = (2.0 * largestMagnitude + 1.0) * (Math.min(activeRowCount, activeColumnCount) + 1);
        final boolean transposed = activeRowCount > activeColumnCount;
        final int n = transposed ? activeColumnCount : activeRowCount;
        final int m = transposed ? activeRowCount : activeColumnCount;

        solveReduced(n, m, transposed, forbidden);

        int assigned = 0;
        for (int j = 1; j <= m; j++)
        {
            final int i = columnOwner[j];
            if (0 == i)
            {
                continue;
            }
            final int row = transposed ? activeRows[j - 1] : activeRows[i - 1];
            final int column = transposed ? activeColumns[i - 1] : activeColumns[j - 1];
            if (cost[row * columns + column] != INFEASIBLE)
            {
                rowToColumn[row] = column;
                columnToRow[column] = row;
                assigned++;
            }
        }

        return assigned;
    }

    /**
     * @return the column assigned to row by the last {@link #solve()}, or -1.
     */
    public int columnForRow(final int row)
    {
        return rowToColumn[row];
    }

    /**
     * @return the row assigned to column by the last {@link #solve()}, or -1.
     */
    public int rowForColumn(final int column)
    {
        return columnToRow[column];
    }

    private double reducedCost(final int i, final int j, final boolean transposed, final double forbidden)
    {
        final int row = transposed ? activeRows[j - 1] : activeRows[i - 1];
        final int column = transposed ? activeColumns[i - 1] : activeColumns[j - 1];
        final double value = cost[row * columns + column];
        return value == INFEASIBLE ? forbidden : value;
    }

    private void solveReduced(final int n, final int m, final boolean transposed, final double forbidden)
    {
        Arrays.fill(rowPotential, 0, n + 1, 0.0);
        Arrays.fill(columnPotential, 0, m + 1, 0.0);
        Arrays.fill(columnOwner, 0, m + 1, 0);
        Arrays.fill(pathPrevious, 0, m + 1, 0);

        for (int i = 1; i <= n; i++)
        {
            columnOwner[0] = i;
            int currentColumn = 0;
            Arrays.fill(minimumSlack, 0, m + 1, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, 0, m + 1, false);

            do
            {
                visited[currentColumn] = true;
                final int currentRow = columnOwner[currentColumn];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = 0;
                for (int j = 1; j <= m; j++)
                {
                    if (!visited[j])
                    {
                        final double slack = reducedCost(currentRow, j, transposed, forbidden) -
                            rowPotential[currentRow] - columnPotential[j];
                        if (slack < minimumSlack[j])
                        {
                            minimumSlack[j] = slack;
                            pathPrevious[j] = currentColumn;
                        }
                        if (minimumSlack[j] < delta)
                        {
                            delta = minimumSlack[j];
                            nextColumn = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (visited[j])
                    {
                        rowPotential[columnOwner[j]] += delta;
                        columnPotential[j] -= delta;
                    }
                    else
                    {
                        minimumSlack[j] -= delta;
                    }
                }
                currentColumn = nextColumn;
            }
            while (0 != columnOwner[currentColumn]);

            do
            {
                final int previous = pathPrevious[currentColumn];
                columnOwner[currentColumn] = columnOwner[previous];
                currentColumn = previous;
            }
            while (0 != currentColumn);
        }
    }
}
