package io.fusebox.replay.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path run in a JVM of its own, with this JVM's module flags (Chronicle
 * and Agrona need them), so a test can kill it for real. Lines it prints are read as they come.
 */
public final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final BufferedReader out;

    public ChildJvm(final Class<?> mainClass, final String... args) throws IOException
    {
        this(List.of(), mainClass, args);
    }

    /**
     * @param jvmArguments extra options for the child JVM, e.g. system properties.
     */
    public ChildJvm(final List<String> jvmArguments, final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @return the first line the child prints that starts with {@code prefix}, waiting at most {@code timeout}.
     * @throws AssertionError when the child exits or the time runs out first; says what it printed.
     */
    public String awaitLine(final String prefix, final Duration timeout) throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadlineNs)
        {
            if (out.ready())
            {
                final String line = out.readLine();
                if (null == line)
                {
                    break;
                }
                if (line.startsWith(prefix))
                {
                    return line;
                }
                seen.append(line).append('\n');
            }
            else if (!process.isAlive())
            {
                break;
            }
            else
            {
                Thread.sleep(5);
            }
        }
        throw new AssertionError("child " + (process.isAlive() ? "alive" : "exited " + process.exitValue()) +
            " without printing '" + prefix + "'; it printed:\n" + seen);
    }

    /**
     * Kills the child with SIGKILL (what {@code destroyForcibly} sends on Linux) and waits for it to go.
     *
     * @return the exit status: 137 (128 + SIGKILL) when it was killed.
     */
    public int kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError("child did not die");
        }
        return process.exitValue();
    }

    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill();
        }
    }
}
