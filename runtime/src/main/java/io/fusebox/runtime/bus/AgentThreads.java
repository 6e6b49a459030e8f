package io.fusebox.runtime.bus;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Runs a set of agents on threads the way a {@link Profile} says: spread over a few threads as
 * {@link CompositeAgent}s (laptop), or one {@link AgentRunner} each (board). Closing stops the
 * threads in reverse order of starting, which closes the agents.
 */
public final class AgentThreads implements AutoCloseable
{
    private final List<AgentRunner> runners;

    private AgentThreads(final List<AgentRunner> runners)
    {
        this.runners = runners;
    }

    /**
     * Starts agents with the bus's profile, error handling and thread factory.
     */
    public static AgentThreads start(final Bus bus, final Agent... agents)
    {
        return start(bus, bus.context().profile(), agents);
    }

    /**
     * Starts agents with the bus's error handling and thread factory but their own profile: e.g. two threads on a
     * latency-critical path that spin while the rest of a small machine backs off.
     */
    public static AgentThreads start(final Bus bus, final Profile profile, final Agent... agents)
    {
        final BusContext context = bus.context();
        return start(
            profile,
            bus.uncountedErrorHandler(),
            bus.errorCounter(),
            context.agentThreadFactory(),
            List.of(agents));
    }

    /**
     * Starts the latency-critical pipeline with the bus's profile and error handling on its own thread factory
     * ({@link BusContext#pipelineThreadFactory()}): on a laptop with a CPU reserved for it, pinned there.
     */
    public static AgentThreads startPipeline(final Bus bus, final Agent... agents)
    {
        final BusContext context = bus.context();
        return start(
            context.profile(),
            bus.uncountedErrorHandler(),
            bus.errorCounter(),
            context.pipelineThreadFactory(),
            List.of(agents));
    }

    /**
     * Starts one agent on a thread of its own with the bus's error handling and thread factory and the idle strategy
     * given, e.g. {@link Profile#newDueTimeIdleStrategy} for an agent that knows when its next work is due.
     */
    public static AgentThreads start(final Bus bus, final IdleStrategy idleStrategy, final Agent agent)
    {
        final List<AgentRunner> runners = new ArrayList<>(1);
        final AgentRunner runner = new AgentRunner(idleStrategy, bus.uncountedErrorHandler(), bus.errorCounter(), agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner, bus.context().agentThreadFactory());
        return new AgentThreads(runners);
    }

    /**
     * @param profile       decides how many threads and which idle strategy.
     * @param errorHandler  for anything an agent throws; the runner counts it in {@code errorCounter}.
     * @param errorCounter  counts errors, may be null.
     * @param threadFactory makes each thread, named after its agent's role before it starts: the seam for
     *                      pinning threads to cores.
     * @param agents        in the order to start them; on a shared thread they run in this order each cycle.
     */
    public static AgentThreads start(
        final Profile profile,
        final ErrorHandler errorHandler,
        final AtomicCounter errorCounter,
        final ThreadFactory threadFactory,
        final List<? extends Agent> agents)
    {
        if (agents.isEmpty())
        {
            throw new IllegalArgumentException("no agents to run");
        }
        final int threadCount = profile.agentThreadCount(agents.size());
        final List<List<Agent>> groups = new ArrayList<>();
        for (int i = 0; i < threadCount; i++)
        {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < agents.size(); i++)
        {
            groups.get(i % threadCount).add(agents.get(i));
        }

        final List<AgentRunner> runners = new ArrayList<>(threadCount);
        try
        {
            for (final List<Agent> group : groups)
            {
                final Agent agent = 1 == group.size() ? group.get(0) : new CompositeAgent(group);
                final AgentRunner runner = new AgentRunner(profile.newIdleStrategy(), errorHandler, errorCounter, agent);
                runners.add(runner);
                AgentRunner.startOnThread(runner, threadFactory);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            closeAll(runners);
            throw ex;
        }
        return new AgentThreads(runners);
    }

    /**
     * @return the role name of each thread, e.g. {@code [rig-publisher,sequencer]} for a composite.
     */
    public List<String> threadRoleNames()
    {
        final List<String> names = new ArrayList<>(runners.size());
        for (final AgentRunner runner : runners)
        {
            names.add(runner.agent().roleName());
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * @return the threads, once started.
     */
    public List<Thread> threads()
    {
        final List<Thread> threads = new ArrayList<>(runners.size());
        for (final AgentRunner runner : runners)
        {
            threads.add(runner.thread());
        }
        return Collections.unmodifiableList(threads);
    }

    public boolean isClosed()
    {
        for (final AgentRunner runner : runners)
        {
            if (!runner.isClosed())
            {
                return false;
            }
        }
        return true;
    }

    public void close()
    {
        closeAll(runners);
    }

    private static void closeAll(final List<AgentRunner> runners)
    {
        for (int i = runners.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(runners.get(i));
        }
    }
}
