package io.fusebox.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tarball as a user gets it: unpacked with tar into an empty folder and run through its own
 * {@code bin/fusebox}, from another empty folder, with a PATH that holds nothing but {@code java} (no
 * Maven, no source tree, no JAVA_HOME).
 */
final class DistributionTest
{
    private static final Pattern DRIVE_SUMMARY = Pattern.compile(
        "drive highway-cruise: 10\\.0 s, 35 sensors, (\\d+) messages into fusion input.*");

    @TempDir
    static Path root;

    private static Path home;
    private static Path workDir;
    private static Path pathDir;

    @BeforeAll
    static void unpack() throws Exception
    {
        final Path tarball = Paths.get(System.getProperty("fusebox.dist.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball + " (mvn package builds it)");

        final Path unpacked = Files.createDirectories(root.resolve("unpacked"));
        final Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
            .inheritIO().start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && 0 == tar.exitValue(), "tar failed");
        home = unpacked.resolve(System.getProperty("fusebox.dist.folder"));

        workDir = Files.createDirectories(root.resolve("work"));
        pathDir = Files.createDirectories(root.resolve("path"));
        final Path java = pathDir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec '" + Paths.get(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
    }

    @Test
    void holdsLauncherLibrariesConfigurationUnitAndInstallNotes()
    {
        assertTrue(Files.isExecutable(home.resolve("bin/fusebox")), "bin/fusebox is executable");
        assertTrue(Files.isRegularFile(home.resolve("conf/rigs/hyperion8.yaml")));
        assertTrue(Files.isRegularFile(home.resolve("conf/profiles/laptop.conf")));
        assertTrue(Files.isRegularFile(home.resolve("conf/profiles/thor.conf")));
        assertTrue(Files.isRegularFile(home.resolve("systemd/fusebox.service")));
        assertTrue(Files.isRegularFile(home.resolve("INSTALL.md")));
        assertTrue(Files.isRegularFile(home.resolve("lib/fusebox-runtime-" + version() + ".jar")));
        assertTrue(Files.isRegularFile(home.resolve("lib/aeron-driver-" + aeronVersion() + ".jar")));
        assertFalse(Files.exists(home.resolve("pom.xml")), "no build files in the distribution");
    }

    @Test
    void launcherHasTheBuildsModuleFlagsFilledIn() throws IOException
    {
        final String launcher = Files.readString(home.resolve("bin/fusebox"), StandardCharsets.UTF_8);
        assertTrue(launcher.contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), launcher);
        assertFalse(launcher.contains("${fusebox.jvm.opens}"), "the module flags were filtered in");
    }

    @Test
    void printsItsVersionFromTheJar() throws Exception
    {
        final Run run = fusebox(60, "--version");
        assertEquals(0, run.exitCode, run.output);
        assertTrue(run.output.contains("fusebox " + version()), run.output);
    }

    @Test
    void refusesAnUnknownProfileNamingTheChoices() throws Exception
    {
        final Run run = fusebox(60, "drive", "--profile", "desktop", "--duration", "1s", "--no-record");
        assertEquals(2, run.exitCode, run.output);
        assertTrue(run.output.contains("unknown profile 'desktop'"), run.output);
        assertTrue(run.output.contains("expected laptop, board or thor"), run.output);
    }

    @Test
    void drivesTenSecondsFromTheUnpackedFolderWithOnlyJavaOnThePath() throws Exception
    {
        assertFalse(Files.exists(pathDir.resolve("mvn")));
        final Path summaryJson = workDir.resolve("drive.json");
        final Run run = fusebox(
            240,
            "drive", "--duration", "10s", "--no-record",
            "--rig", home.resolve("conf/rigs/hyperion8.yaml").toString(),
            "--summary-json", summaryJson.toString());

        assertEquals(0, run.exitCode, run.output);
        final Matcher summary = DRIVE_SUMMARY.matcher(run.output);
        assertTrue(summary.find(), "drive summary line in:\n" + run.output);
        // 10 s of the full rig at nominal rates is 23,600 messages; a loaded CI machine may lose a few.
        assertTrue(Long.parseLong(summary.group(1)) > 20_000, summary.group());
        assertTrue(run.output.contains("sensor-to-sequencer latency over the drive: p50"), run.output);
        assertTrue(Files.readString(summaryJson).contains("\"sensors\""), "summary JSON written");
    }

    private static Run fusebox(final int timeoutSeconds, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/fusebox").toString());
        command.addAll(List.of(args));
        // Output to a file rather than a pipe: the child never blocks on a reader that waits for it to end.
        final Path output = Files.createTempFile(root, "fusebox-", ".out");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        final Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", pathDir.toString());
        environment.put("HOME", root.toString());
        final Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new AssertionError("bin/fusebox " + String.join(" ", args) + " still running after " +
                timeoutSeconds + " s; printed:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    private static String version()
    {
        final String folder = System.getProperty("fusebox.dist.folder");
        return folder.substring("fusebox-".length());
    }

    private static String aeronVersion()
    {
        return System.getProperty("fusebox.dist.aeron.version");
    }

    private static final class Run
    {
        final int exitCode;
        final String output;

        Run(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
