package io.fusebox.runtime.control;

import io.aeron.Counter;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.record.SnapshotTrigger;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane of a running vehicle: a REST API, a WebSocket that streams the newest world model,
 * trajectory and sensor health at {@link ControlPlaneContext#streamRateHz()}, Prometheus metrics and the
 * dashboard, served by Vert.x on threads of its own.
 *
 * <p>It cannot slow the pipeline: its {@link LatestMessageTap} reads the bus on an agent thread of its own and
 * keeps only the newest message per stream; the event loop copies those at each tick and sends one frame to every
 * client whose queue has room, so a slow or stuck browser loses frames (counted) and nothing else waits.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET /api/status, /api/rig, /api/sensors, /api/fusion, /api/planner, /api/config, /api/recording</td>
 *       <td>JSON, read-only</td></tr>
 *   <tr><td>POST /api/recording/start, /api/recording/stop, /api/snapshot</td>
 *       <td>need {@code Authorization: Bearer TOKEN}; body empty or a JSON object</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus text format</td></tr>
 *   <tr><td>GET /ws</td><td>the WebSocket ({@link DashboardFrames} says what it sends); own origin or an allowed one
 *       only</td></tr>
 *   <tr><td>GET /dashboard/</td><td>the dashboard (plain ES modules and a canvas, no network beyond this server)</td></tr>
 * </table>
 * A refused or bad request gets a 4xx with {@code {"error": reason, "status": code}}.
 */
public final class ControlPlane implements AutoCloseable
{
    /** Frames sent to WebSocket clients. */
    public static final int FRAMES_SENT_TYPE_ID = 7773;
    /** Frames a slow WebSocket client lost because its queue was full. */
    public static final int FRAMES_DROPPED_TYPE_ID = 7774;
    /** WebSocket clients connected now. */
    public static final int CLIENTS_TYPE_ID = 7775;
    /** Requests refused with a 4xx (bad request, no or wrong token, body too large, origin not allowed). */
    public static final int REQUESTS_REFUSED_TYPE_ID = 7776;

    static final String DASHBOARD_RESOURCES = "io/fusebox/runtime/control/dashboard";
    private static final long START_TIMEOUT_S = 10;
    /** A snapshot of a long window takes seconds to write; past this the request is answered as failed. */
    private static final long SNAPSHOT_TIMEOUT_S = 60;

    private final ControlPlaneContext context;
    private final Rig rig;
    private final long startNs = System.nanoTime();
    private final List<ServerWebSocket> clients = new ArrayList<>();
    // Known once the server listens (the port may be picked then); read by the event loop.
    private volatile List<String> origins = List.of();
    private final long[] versionTaken = new long[1];
    private final long[] versionSent = new long[3];
    private LatestMessageTap tap;
    private AgentThreads tapThreads;
    private Counter framesSent;
    private Counter framesDropped;
    private Counter clientCount;
    private Counter requestsRefused;
    private CounterFigures figures;
    private LatencyWindow worldModelLatency;
    private LatencyWindow trajectoryLatency;
    private ControlPlaneMetrics metrics;
    private DashboardFrames frames;
    private UnsafeBuffer scratch;
    private Vertx vertx;
    private HttpServer server;
    private volatile int port;

    private ControlPlane(final Bus bus, final ControlPlaneContext context)
    {
        this.context = context.conclude();
        this.rig = bus.rig();
    }

    /**
     * Starts the tap on the bus and the HTTP server; returns once the server listens.
     *
     * @param bus     whose streams and counters the control plane shows.
     * @param context concluded here if it is not already.
     * @throws IllegalStateException when the server cannot listen (e.g. the port is taken), naming the address.
     */
    public static ControlPlane launch(final Bus bus, final ControlPlaneContext context)
    {
        final ControlPlane controlPlane = new ControlPlane(bus, context);
        try
        {
            controlPlane.start(bus);
            return controlPlane;
        }
        catch (final RuntimeException ex)
        {
            controlPlane.close();
            throw ex;
        }
    }

    private void start(final Bus bus)
    {
        framesSent = BusCounters.addCounter(bus.aeron(), FRAMES_SENT_TYPE_ID, "fusebox control-plane: frames sent");
        framesDropped = BusCounters.addCounter(
            bus.aeron(), FRAMES_DROPPED_TYPE_ID, "fusebox control-plane: frames dropped (slow client)");
        clientCount = BusCounters.addCounter(bus.aeron(), CLIENTS_TYPE_ID, "fusebox control-plane: clients");
        requestsRefused = BusCounters.addCounter(
            bus.aeron(), REQUESTS_REFUSED_TYPE_ID, "fusebox control-plane: requests refused");
        figures = new CounterFigures(bus.countersReader(), rig);
        frames = new DashboardFrames(context.maxMessageBytes());
        scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(context.maxMessageBytes()));

        tap = new LatestMessageTap(bus, context);
        worldModelLatency = new LatencyWindow(tap.worldModelLatency());
        trajectoryLatency = new LatencyWindow(tap.trajectoryLatency());
        tapThreads = AgentThreads.start(bus, tap);
        metrics = new ControlPlaneMetrics(rig, figures, worldModelLatency, trajectoryLatency,
            framesSent::get, framesDropped::get, clientCount::get);

        // One event loop and a small worker pool: the board's cores belong to the pipeline.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(1));
        final HttpServerOptions options = new HttpServerOptions()
            .setHost(context.host())
            .setPort(context.port())
            // Plain HTTP/1.1 and WebSocket only: no cleartext HTTP/2 upgrade to reason about.
            .setHttp2ClearTextEnabled(false)
            .setMaxWebSocketFrameSize(Math.max(1024, context.maxRequestBodyBytes()))
            .setMaxWebSocketMessageSize(Math.max(1024, context.maxRequestBodyBytes()));
        server = vertx.createHttpServer(options).requestHandler(router());
        await(server.listen(), "listen on " + context.host() + ":" + context.port());
        port = server.actualPort();
        final List<String> allowed = new ArrayList<>();
        allowed.add(origin(context.host(), port));
        if ("127.0.0.1".equals(context.host()))
        {
            allowed.add(origin("localhost", port));
        }
        allowed.addAll(context.allowedOrigins());
        origins = List.copyOf(allowed);

        vertx.setPeriodic(1000L / context.streamRateHz(), ignore -> sendFrames());
        vertx.setPeriodic(1000L, ignore -> rollLatency());
    }

    /**
     * @return the port the server listens on (the one picked, when the context asked for 0).
     */
    public int port()
    {
        return port;
    }

    /**
     * @return the dashboard's address, e.g. {@code http://127.0.0.1:43817/dashboard/}.
     */
    public String dashboardUrl()
    {
        return origin(context.host(), port) + "/dashboard/";
    }

    /**
     * @return the token mutating requests must carry.
     */
    public String authToken()
    {
        return context.authToken();
    }

    /**
     * @return the concluded context.
     */
    public ControlPlaneContext context()
    {
        return context;
    }

    /**
     * @return frames sent to WebSocket clients so far.
     */
    public long framesSent()
    {
        return framesSent.get();
    }

    /**
     * @return frames slow WebSocket clients lost so far.
     */
    public long framesDropped()
    {
        return framesDropped.get();
    }

    /**
     * Stops the server and its event loop, then the tap; closes the counters.
     */
    public void close()
    {
        if (null != vertx)
        {
            try
            {
                await(vertx.close(), "close");
            }
            catch (final RuntimeException ignore)
            {
                // Closing goes on: the tap and the counters are released whatever Vert.x says.
            }
        }
        CloseHelper.quietCloseAll(tapThreads, metrics, requestsRefused, clientCount, framesDropped, framesSent);
    }

    private Router router()
    {
        final Router router = Router.router(vertx);
        router.route().handler(this::securityHeaders);
        router.get("/ws").handler(this::onWebSocketRequest);
        router.get("/api/status").handler(rc -> json(rc, status()));
        router.get("/api/rig").handler(rc -> json(rc, rigJson()));
        router.get("/api/sensors").handler(rc -> json(rc, new JsonObject().put("sensors", figures.sensors())));
        router.get("/api/fusion").handler(rc -> json(rc,
            figures.fusion().put("worldModelLatency", worldModelLatency.toJson())));
        router.get("/api/planner").handler(rc -> json(rc,
            figures.planner().put("trajectoryLatency", trajectoryLatency.toJson())));
        router.get("/api/config").handler(rc -> json(rc, configuration()));
        router.get("/api/recording").handler(rc -> json(rc, recording()));
        router.get("/metrics").handler(rc -> rc.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
            .end(metrics.scrape()));

        mutating(router, "/api/recording/start", rc -> recordingAction(rc, true));
        mutating(router, "/api/recording/stop", rc -> recordingAction(rc, false));
        mutating(router, "/api/snapshot", this::snapshot);

        router.get("/").handler(rc -> rc.redirect("/dashboard/"));
        router.get("/dashboard/*").handler(StaticHandler.create(DASHBOARD_RESOURCES).setCachingEnabled(false));

        router.errorHandler(400, rc -> refuse(rc, 400, failureReason(rc, "bad request")));
        router.errorHandler(404, rc -> refuse(rc, 404, "no such resource: " + rc.request().method() + " " +
            rc.request().path()));
        router.errorHandler(405, rc -> refuse(rc, 405, rc.request().method() + " is not allowed on " +
            rc.request().path()));
        router.errorHandler(413, rc -> refuse(rc, 413, "request body larger than " +
            context.maxRequestBodyBytes() + " bytes"));
        router.errorHandler(500, rc -> error(rc, 500, failureReason(rc, "internal error")));
        return router;
    }

    // Body limit, then token, then body shape, then the action: nothing is done for a request that fails one.
    private void mutating(final Router router, final String path, final Handler<RoutingContext> action)
    {
        router.post(path)
            .handler(BodyHandler.create(false).setBodyLimit(context.maxRequestBodyBytes()))
            .handler(this::requireToken)
            .handler(this::requireJsonObjectOrEmptyBody)
            .handler(action);
    }

    private void securityHeaders(final RoutingContext rc)
    {
        rc.response()
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("X-Frame-Options", "DENY")
            .putHeader("Cache-Control", "no-store")
            .putHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'");
        rc.next();
    }

    private void requireToken(final RoutingContext rc)
    {
        final String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (null == authorization || !authorization.startsWith("Bearer "))
        {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(rc, 401, "this request changes the vehicle's state: send Authorization: Bearer TOKEN " +
                "(the token is printed when the control plane starts)");
            return;
        }
        final byte[] presented = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant time: how much of a guess matched must not show in how long the answer takes.
        if (!MessageDigest.isEqual(presented, context.authToken().getBytes(StandardCharsets.UTF_8)))
        {
            refuse(rc, 403, "wrong token");
            return;
        }
        rc.next();
    }

    private void requireJsonObjectOrEmptyBody(final RoutingContext rc)
    {
        if (null != rc.body() && rc.body().length() > 0)
        {
            try
            {
                if (null == rc.body().asJsonObject())
                {
                    throw new DecodeException("null");
                }
            }
            catch (final DecodeException | ClassCastException ex)
            {
                refuse(rc, 400, "body must be empty or a JSON object");
                return;
            }
        }
        rc.next();
    }

    private void onWebSocketRequest(final RoutingContext rc)
    {
        final HttpServerRequest request = rc.request();
        final String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (null == origin || !origins.contains(origin.toLowerCase(Locale.ROOT)))
        {
            refuse(rc, 403, "WebSocket origin not allowed: " + origin + " (allowed: " + origins + ")");
            return;
        }
        if (!request.canUpgradeToWebSocket())
        {
            refuse(rc, 400, "expected a WebSocket upgrade");
            return;
        }
        if (clients.size() >= context.maxClients())
        {
            refuse(rc, 503, "too many WebSocket clients (" + context.maxClients() + ")");
            return;
        }
        request.toWebSocket().onSuccess(this::onClient);
    }

    private void onClient(final ServerWebSocket client)
    {
        client.setWriteQueueMaxSize(context.clientQueueBytes());
        clients.add(client);
        clientCount.setRelease(clients.size());
        client.closeHandler(ignore ->
        {
            clients.remove(client);
            clientCount.setRelease(clients.size());
        });
        // The WebSocket is one-way; whatever a client sends is read and ignored.
        client.handler(ignore -> { });
        client.exceptionHandler(ignore -> client.close());
    }

    private void sendFrames()
    {
        sendNewest(0, tap.latestWorldModel());
        sendNewest(1, tap.latestTrajectory());
        sendNewest(2, tap.latestHealth());
    }

    private void sendNewest(final int stream, final LatestMessage latest)
    {
        if (clients.isEmpty() || latest.version() == versionSent[stream])
        {
            return;
        }
        final int length = latest.copyTo(scratch, versionTaken);
        if (length <= 0 || versionTaken[0] == versionSent[stream])
        {
            return;
        }
        versionSent[stream] = versionTaken[0];
        final String frame;
        switch (stream)
        {
            case 0:
                frame = frames.worldModel(scratch);
                break;
            case 1:
                frame = frames.trajectory(scratch);
                break;
            default:
                frame = frames.health(scratch);
                break;
        }
        broadcast(frame);
    }

    private void rollLatency()
    {
        worldModelLatency.roll();
        trajectoryLatency.roll();
        if (!clients.isEmpty())
        {
            broadcast(new JsonObject()
                .put("type", "latency")
                .put("worldModel", worldModelLatency.toJson())
                .put("trajectory", trajectoryLatency.toJson())
                .encode());
        }
    }

    private void broadcast(final String frame)
    {
        for (int i = 0, size = clients.size(); i < size; i++)
        {
            final ServerWebSocket client = clients.get(i);
            if (client.writeQueueFull())
            {
                framesDropped.incrementRelease();
            }
            else
            {
                client.writeTextMessage(frame);
                framesSent.incrementRelease();
            }
        }
    }

    private JsonObject status()
    {
        return new JsonObject()
            .put("rig", rig.name())
            .put("sensors", rig.sensorCount())
            .put("uptimeS", (System.nanoTime() - startNs) / 1e9)
            .put("dashboard", dashboardUrl())
            .put("streamRateHz", context.streamRateHz())
            .put("clients", clients.size())
            .put("framesSent", framesSent.get())
            .put("framesDropped", framesDropped.get())
            .put("worldModels", figures.value(LatestMessageTap.MESSAGES_TYPE_ID, rig.bus().worldModelStreamId()))
            .put("trajectories", figures.value(LatestMessageTap.MESSAGES_TYPE_ID, rig.bus().trajectoryStreamId()))
            .put("recording", recording())
            .put("snapshots", null != context.snapshotTrigger());
    }

    private JsonObject rigJson()
    {
        final JsonArray sensors = new JsonArray();
        for (final SensorConfig sensor : rig.sensors())
        {
            sensors.add(new JsonObject()
                .put("index", sensor.index())
                .put("id", sensor.id())
                .put("name", sensor.name())
                .put("kind", sensor.kind().name())
                .put("streamId", sensor.streamId())
                .put("rateHz", sensor.messageRateHz()));
        }
        return new JsonObject()
            .put("name", rig.name())
            .put("source", rig.source())
            .put("sensors", sensors)
            .put("text", rig.text());
    }

    private JsonObject configuration()
    {
        final JsonObject controlPlane = new JsonObject()
            .put("host", context.host())
            .put("port", port)
            .put("streamRateHz", context.streamRateHz())
            .put("maxRequestBodyBytes", context.maxRequestBodyBytes())
            .put("maxClients", context.maxClients())
            .put("allowedOrigins", new JsonArray(origins));
        final JsonObject json = new JsonObject();
        context.configuration().forEach((name, value) -> json.put(name,
            null == value || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value)));
        return json.put("controlPlane", controlPlane);
    }

    private JsonObject recording()
    {
        final RecordingControl control = context.recordingControl();
        final Path directory = null == control ? null : control.recordingDirectory();
        return new JsonObject()
            .put("available", null != control)
            .put("recording", null != directory)
            .put("directory", null == directory ? null : directory.toString());
    }

    private void recordingAction(final RoutingContext rc, final boolean start)
    {
        final RecordingControl control = context.recordingControl();
        if (null == control)
        {
            refuse(rc, 503, "this process does not control a recording");
            return;
        }
        blocking(rc, () ->
        {
            final Path directory = start ? control.startRecording() : control.stopRecording();
            return new JsonObject().put("recording", start).put("directory", directory.toString());
        });
    }

    private void snapshot(final RoutingContext rc)
    {
        final SnapshotTrigger trigger = context.snapshotTrigger();
        if (null == trigger)
        {
            refuse(rc, 503, "this drive keeps no snapshot ring (start it with --snapshot)");
            return;
        }
        // The recorder writes the snapshot on its own thread and completes the request: nothing blocks here.
        Future.fromCompletionStage(trigger.request().orTimeout(SNAPSHOT_TIMEOUT_S, TimeUnit.SECONDS), vertx.getOrCreateContext())
            .onComplete(result -> answer(rc, result.succeeded() ?
                Future.succeededFuture(new JsonObject().put("snapshot", result.result().toString())) :
                Future.failedFuture(result.cause())));
    }

    // Opening or closing a drive log touches the disk: on a worker, never on the event loop.
    private void blocking(final RoutingContext rc, final Callable<JsonObject> action)
    {
        vertx.executeBlocking(action, false).onComplete(result -> answer(rc, result));
    }

    private void answer(final RoutingContext rc, final AsyncResult<JsonObject> result)
    {
        if (result.succeeded())
        {
            json(rc, result.result());
        }
        else if (result.cause() instanceof IllegalStateException)
        {
            refuse(rc, 409, result.cause().getMessage());
        }
        else
        {
            error(rc, 500, String.valueOf(result.cause()));
        }
    }

    private static void json(final RoutingContext rc, final JsonObject body)
    {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

    private void refuse(final RoutingContext rc, final int status, final String reason)
    {
        requestsRefused.incrementRelease();
        error(rc, status, reason);
    }

    private static void error(final RoutingContext rc, final int status, final String reason)
    {
        if (!rc.response().ended())
        {
            rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", reason).put("status", status).encode());
        }
    }

    private static String failureReason(final RoutingContext rc, final String fallback)
    {
        return null == rc.failure() || null == rc.failure().getMessage() ? fallback : rc.failure().getMessage();
    }

    private static String origin(final String host, final int port)
    {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static <T> T await(final Future<T> future, final String what)
    {
        try
        {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("control plane could not " + what + ": " + ex.getCause().getMessage(),
                ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("control plane could not " + what + " within " + START_TIMEOUT_S + " s", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, ex);
        }
    }
}
