package io.fusebox.runtime.control;

import io.fusebox.runtime.cli.FuseboxCommand;
import io.fusebox.runtime.testing.Await;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fusebox drive} run in-process on a thread of its own, as a user would start it, with its control plane:
 * the test reads the dashboard URL from what it prints and talks to it while the drive runs.
 */
final class LiveDrive implements AutoCloseable
{
    private static final Pattern DASHBOARD = Pattern.compile("dashboard (http://[^/\\s]+)/dashboard/");
    private final StringWriter output = new StringWriter();
    private final Thread thread;
    private volatile int exitCode = Integer.MIN_VALUE;
    private final String base;

    /**
     * Starts the drive and waits until its control plane listens.
     *
     * @param args after {@code drive}.
     */
    LiveDrive(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("drive"));
        command.addAll(List.of(args));
        final CommandLine commandLine = FuseboxCommand.commandLine();
        final PrintWriter out = new PrintWriter(output, true);
        commandLine.setOut(out);
        commandLine.setErr(out);
        thread = new Thread(() -> exitCode = commandLine.execute(command.toArray(String[]::new)), "live-drive");
        thread.start();
        Await.until(() -> DASHBOARD.matcher(output.toString()).find() || !thread.isAlive(), Duration.ofSeconds(60),
            () -> "the drive printing its dashboard URL: " + output);
        final Matcher matcher = DASHBOARD.matcher(output.toString());
        if (!matcher.find())
        {
            throw new AssertionError("the drive printed no dashboard URL: " + output);
        }
        base = matcher.group(1);
    }

    /**
     * @return e.g. {@code http://127.0.0.1:43817}.
     */
    String base()
    {
        return base;
    }

    String output()
    {
        return output.toString();
    }

    /**
     * Waits for the drive to end.
     *
     * @return its exit code.
     */
    int awaitExit(final Duration timeout) throws InterruptedException
    {
        thread.join(timeout.toMillis());
        if (thread.isAlive())
        {
            throw new AssertionError("the drive did not end within " + timeout + ": " + output);
        }
        return exitCode;
    }

    public void close() throws InterruptedException
    {
        // A drive ends on its own: the tests give it short durations. Wait for it so no threads outlive the test.
        thread.join(TimeUnit.MINUTES.toMillis(2));
    }
}
