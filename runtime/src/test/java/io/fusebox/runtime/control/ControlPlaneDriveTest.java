package io.fusebox.runtime.control;

import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.DriveLogTail;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.cli.FuseboxCommand;
import io.fusebox.runtime.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fusebox drive} with its control plane, through the API only: the live figures of a real simulated
 * drive, the WebSocket's world models, and recording stopped and started again from the API, each piece a
 * complete drive log.
 */
class ControlPlaneDriveTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN = ControlPlaneTest.TOKEN;

    @Test
    void aLiveDriveIsSeenAndItsRecordingSteeredThroughTheApi(@TempDir final Path dir) throws Exception
    {
        final Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        final Path drives = dir.resolve("drives");
        try (LiveDrive drive = new LiveDrive("--scenario", "highway-cruise", "--duration", "8s",
            "--drives", drives.toString(), "--http-token-file", tokenFile.toString()))
        {
            assertFalse(drive.output().contains("token for recording controls"), "a configured token is not printed");
            final ControlPlaneClient client = new ControlPlaneClient(drive.base());
            final ControlPlaneClient.Frames frames = client.openWebSocket(client.base(), true);

            Await.until(() -> null != frames.last("worldModel") &&
                !frames.last("worldModel").getJsonArray("objects").isEmpty() && null != frames.last("health"),
                TIMEOUT, () -> "world models with objects over the WebSocket");
            final JsonObject fusion = client.getJson("/api/fusion");
            assertTrue(fusion.getBoolean("running"));
            assertTrue(fusion.getLong("worldModels") > 0, fusion.encode());
            assertTrue(fusion.getLong("tracks") > 0, fusion.encode());
            final JsonArray sensors = client.getJson("/api/sensors").getJsonArray("sensors");
            assertEquals(35, sensors.size());
            for (int i = 0; i < sensors.size(); i++)
            {
                assertTrue(sensors.getJsonObject(i).getLong("forwarded") > 0, sensors.getJsonObject(i).encode());
            }
            assertEquals(35, frames.last("health").getJsonArray("sensors").size());
            assertEquals("highway-cruise", client.getJson("/api/config").getString("scenario"));

            final JsonObject recording = client.getJson("/api/recording");
            assertTrue(recording.getBoolean("recording"), recording.encode());
            final String first = recording.getString("directory");
            assertEquals(401, client.post("/api/recording/stop", null, "").statusCode());

            final HttpResponse<String> stopped = client.post("/api/recording/stop", TOKEN, "");
            assertEquals(200, stopped.statusCode(), stopped.body());
            assertEquals(first, new JsonObject(stopped.body()).getString("directory"));
            assertEquals(false, client.getJson("/api/recording").getBoolean("recording"));
            assertEquals(409, client.post("/api/recording/stop", TOKEN, "").statusCode());

            final HttpResponse<String> started = client.post("/api/recording/start", TOKEN, "");
            assertEquals(200, started.statusCode(), started.body());
            final String second = new JsonObject(started.body()).getString("directory");
            assertNotEquals(first, second);
            assertEquals(409, client.post("/api/recording/start", TOKEN, "").statusCode());
            frames.close();

            assertEquals(0, drive.awaitExit(TIMEOUT), drive.output());
            assertTrue(drive.output().contains("dashboard " + drive.base() + "/dashboard/"), drive.output());

            // Both pieces are whole drive logs: closed with their end marker, holding fusion inputs.
            assertTrue(fusionInputs(Path.of(first)) > 0);
            assertTrue(fusionInputs(Path.of(second)) > 0);
        }
    }

    @Test
    void aSnapshotIsTakenThroughTheApi(@TempDir final Path dir) throws Exception
    {
        final Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        try (LiveDrive drive = new LiveDrive("--scenario", "cut-in", "--duration", "6s", "--snapshot", "2s",
            "--drives", dir.resolve("drives").toString(), "--http-token-file", tokenFile.toString()))
        {
            final ControlPlaneClient client = new ControlPlaneClient(drive.base());
            Await.until(() -> worldModels(client) > 20, TIMEOUT, () -> "two seconds of world models");
            assertEquals(401, client.post("/api/snapshot", null, "").statusCode());
            final HttpResponse<String> snapshot = client.post("/api/snapshot", TOKEN, "");
            assertEquals(200, snapshot.statusCode(), snapshot.body());
            final Path written = Path.of(new JsonObject(snapshot.body()).getString("snapshot"));
            assertTrue(written.startsWith(dir.resolve("drives")), written.toString());
            assertTrue(fusionInputs(written) > 0);
            // The ring records for the whole drive: it is not restarted from the API.
            assertEquals(409, client.post("/api/recording/start", TOKEN, "").statusCode());
            assertEquals(0, drive.awaitExit(TIMEOUT), drive.output());
        }
    }

    private static long worldModels(final ControlPlaneClient client)
    {
        try
        {
            final Long taken = client.getJson("/api/status").getLong("worldModels");
            return null == taken ? 0 : taken;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void noHttpStartsNoControlPlane() throws Exception
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute("drive", "--duration", "1s", "--no-record", "--no-http"), out.toString());
        assertFalse(out.toString().contains("dashboard"), out.toString());
    }

    private static long fusionInputs(final Path directory)
    {
        long count = 0;
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            while (reader.next())
            {
                if (RecordedStream.FUSION_INPUT == reader.stream())
                {
                    count++;
                }
            }
            assertEquals(DriveLogTail.COMPLETE, reader.tail(), directory.toString());
        }
        return count;
    }
}
