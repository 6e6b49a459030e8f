package io.fusebox.runtime.control;

import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.sensors.rig.RigLoader;
import io.vertx.core.json.JsonObject;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every security rule of the control plane, against the real server: loopback by default, a token on every
 * mutating request (generated when none is configured), a size limit on bodies, a 4xx with a reason for a bad
 * request, and a WebSocket that refuses other origins.
 */
class ControlPlaneSecurityTest
{
    private static final String TOKEN = ControlPlaneTest.TOKEN;
    private static final List<String> MUTATING = List.of("/api/recording/start", "/api/recording/stop", "/api/snapshot");

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private Bus bus;
    private ControlPlane controlPlane;
    private ControlPlaneClient client;

    @BeforeEach
    void launch()
    {
        bus = Bus.launch(new BusContext().rig(RigLoader.loadDefault()).profile(Profile.LAPTOP).errorHandler(errors::add));
    }

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(controlPlane, bus);
        assertEquals(List.of(), errors);
    }

    private void start(final ControlPlaneContext context)
    {
        controlPlane = ControlPlane.launch(bus, context);
        client = ControlPlaneClient.of(controlPlane);
    }

    /** Records what was asked of it; the drive's real one is exercised by {@link ControlPlaneDriveTest}. */
    private ControlPlaneContext withSeams(final ControlPlaneContext context)
    {
        return context.recordingControl(new RecordingControl()
        {
            public Path startRecording()
            {
                calls.add("start");
                return Path.of("drives/new");
            }

            public Path stopRecording()
            {
                calls.add("stop");
                throw new IllegalStateException("not recording");
            }

            public Path recordingDirectory()
            {
                return null;
            }
        });
    }

    @Test
    void everyMutatingRequestNeedsTheToken() throws Exception
    {
        start(withSeams(new ControlPlaneContext().authToken(TOKEN)));
        for (final String path : MUTATING)
        {
            final HttpResponse<String> none = client.post(path, null, "");
            assertEquals(401, none.statusCode(), path);
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertTrue(reason(none).contains("Authorization: Bearer"), none.body());

            final HttpResponse<String> wrong = client.post(path, TOKEN + "x", "");
            assertEquals(403, wrong.statusCode(), path);
            assertEquals("wrong token", reason(wrong));

            final HttpResponse<String> basic = client.send(HttpRequest.newBuilder(URI.create(client.base() + path))
                .header("Authorization", "Basic " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(401, basic.statusCode(), path);
        }
        assertEquals(List.of(), calls, "nothing was done without the token");

        final HttpResponse<String> started = client.post("/api/recording/start", TOKEN, "");
        assertEquals(200, started.statusCode(), started.body());
        assertEquals(Path.of("drives/new").toString(), new JsonObject(started.body()).getString("directory"));
        final HttpResponse<String> refused = client.post("/api/recording/stop", TOKEN, "");
        assertEquals(409, refused.statusCode());
        assertEquals("not recording", reason(refused));
        final HttpResponse<String> snapshot = client.post("/api/snapshot", TOKEN, "{}");
        assertEquals(503, snapshot.statusCode(), snapshot.body());
        assertEquals(List.of("start", "stop"), calls);

        // Reading needs no token.
        assertEquals(200, client.get("/api/status").statusCode());
    }

    @Test
    void aTokenIsGeneratedWhenNoneIsConfiguredAndNoRequestGuessesIt() throws Exception
    {
        final ControlPlaneContext context = withSeams(new ControlPlaneContext().authToken(null)).conclude();
        assertTrue(context.isTokenGenerated());
        assertTrue(context.authToken().matches("[0-9a-f]{32}"), context.authToken());
        assertNotEquals(context.authToken(), new ControlPlaneContext().authToken(null).conclude().authToken());

        start(context);
        assertEquals(403, client.post("/api/recording/start", "0".repeat(32), "").statusCode());
        assertEquals(200, client.post("/api/recording/start", controlPlane.authToken(), "").statusCode());
    }

    @Test
    void withoutSeamsTheMutatingEndpointsSaySoAfterTheToken() throws Exception
    {
        start(new ControlPlaneContext().authToken(TOKEN));
        assertEquals(401, client.post("/api/snapshot", null, "").statusCode());
        final HttpResponse<String> snapshot = client.post("/api/snapshot", TOKEN, "");
        assertEquals(503, snapshot.statusCode());
        assertEquals("this drive keeps no snapshot ring (start it with --snapshot)", reason(snapshot));
        assertEquals(503, client.post("/api/recording/start", TOKEN, "").statusCode());
        assertEquals(false, client.getJson("/api/recording").getBoolean("available"));
    }

    @Test
    void requestBodiesAreSizeLimitedAndMustBeJsonObjects() throws Exception
    {
        start(withSeams(new ControlPlaneContext().authToken(TOKEN).maxRequestBodyBytes(64)));
        final HttpResponse<String> large = client.post("/api/recording/start", TOKEN, "{\"note\":\"" + "x".repeat(100) + "\"}");
        assertEquals(413, large.statusCode(), large.body());
        assertEquals("request body larger than 64 bytes", reason(large));

        final HttpResponse<String> notJson = client.post("/api/recording/start", TOKEN, "start please");
        assertEquals(400, notJson.statusCode());
        assertEquals("body must be empty or a JSON object", reason(notJson));
        assertEquals(400, client.post("/api/recording/start", TOKEN, "[1,2]").statusCode());
        assertEquals(List.of(), calls);
        assertEquals(200, client.post("/api/recording/start", TOKEN, "{\"note\":\"ok\"}").statusCode());
    }

    @Test
    void badRequestsGetA4xxWithAReason() throws Exception
    {
        start(new ControlPlaneContext().authToken(TOKEN));
        final HttpResponse<String> missing = client.get("/api/nothing");
        assertEquals(404, missing.statusCode());
        assertEquals("no such resource: GET /api/nothing", reason(missing));
        assertEquals("application/json", missing.headers().firstValue("content-type").orElseThrow());

        final HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/api/status"))
            .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.statusCode());
        assertEquals("PUT is not allowed on /api/status", reason(put));

        final HttpResponse<String> plainGet = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/ws"))
            .header("Origin", client.base()).GET());
        assertEquals(400, plainGet.statusCode(), plainGet.body());
        assertEquals("expected a WebSocket upgrade", reason(plainGet));
        assertTrue(client.getJson("/api/status").getLong("framesSent") >= 0);
    }

    @Test
    void theWebSocketRefusesOtherOrigins() throws Exception
    {
        start(new ControlPlaneContext().authToken(TOKEN).allowedOrigins(List.of("http://Dashboard.example:8080")));
        assertRefused("http://evil.example");
        assertRefused("http://127.0.0.1:" + (controlPlane.port() + 1));
        assertRefused(null);

        client.openWebSocket(client.base(), true).close();
        client.openWebSocket("http://localhost:" + controlPlane.port(), true).close();
        client.openWebSocket("http://dashboard.example:8080", true).close();
    }

    @Test
    void theWebSocketTakesNoMoreClientsThanConfigured() throws Exception
    {
        start(new ControlPlaneContext().authToken(TOKEN).maxClients(1));
        final ControlPlaneClient.Frames first = client.openWebSocket(client.base(), true);
        final ExecutionException refused =
            assertThrows(ExecutionException.class, () -> client.openWebSocket(client.base(), true));
        assertEquals(503, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse()
            .statusCode());
        first.close();
    }

    @Test
    void bindsToLoopbackOnlyByDefault() throws Exception
    {
        start(new ControlPlaneContext().authToken(TOKEN));
        assertEquals("127.0.0.1", controlPlane.context().host());
        assertTrue(controlPlane.dashboardUrl().startsWith("http://127.0.0.1:" + controlPlane.port() + "/"));
        final Optional<InetAddress> external = NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
            .findFirst();
        assumeTrue(external.isPresent(), "this machine has no address but loopback");
        try (Socket socket = new Socket())
        {
            assertThrows(ConnectException.class,
                () -> socket.connect(new InetSocketAddress(external.get(), controlPlane.port()), 2000));
        }
    }

    @Test
    void aPortInUseFailsTheLaunchNamingTheAddress()
    {
        start(new ControlPlaneContext().authToken(TOKEN));
        final IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ControlPlane.launch(bus,
            new ControlPlaneContext().authToken(TOKEN).port(controlPlane.port())));
        assertTrue(failure.getMessage().startsWith("control plane could not listen on 127.0.0.1:" + controlPlane.port()),
            failure.getMessage());
    }

    @Test
    void badConfigurationNamesTheFieldAndTheReason()
    {
        assertMessage("ControlPlaneContext.port must be in [0, 65535] (0 picks a free port): 70000",
            new ControlPlaneContext().port(70000));
        assertMessage("ControlPlaneContext.authToken must be at least 16 characters: 5 characters",
            new ControlPlaneContext().authToken("short"));
        assertMessage("ControlPlaneContext.streamRateHz must be in [1, 60]: 0", new ControlPlaneContext().streamRateHz(0));
        assertMessage("ControlPlaneContext.maxRequestBodyBytes must be in [0, 1 MiB]: -1",
            new ControlPlaneContext().maxRequestBodyBytes(-1));
        assertMessage("ControlPlaneContext.allowedOrigins must hold origins like http://host:port (scheme, host, " +
            "optional port, no path): http://example.com/dashboard",
            new ControlPlaneContext().allowedOrigins(List.of("http://example.com/dashboard")));
        assertMessage("ControlPlaneContext.host must be an address to bind to:  ", new ControlPlaneContext().host(" "));
    }

    private void assertRefused(final String origin)
    {
        final ExecutionException refused = assertThrows(ExecutionException.class,
            () -> client.openWebSocket(origin, true), String.valueOf(origin));
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse()
            .statusCode(), String.valueOf(origin));
    }

    private static void assertMessage(final String expected, final ControlPlaneContext context)
    {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, context::conclude).getMessage());
    }

    private static String reason(final HttpResponse<String> response)
    {
        final JsonObject json = new JsonObject(response.body());
        assertEquals(response.statusCode(), json.getInteger("status"));
        return json.getString("error");
    }
}
