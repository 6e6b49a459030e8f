package io.fusebox.runtime.control;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain HTTP and WebSocket client of a running control plane (java.net.http), as a script or a browser would
 * talk to it.
 */
final class ControlPlaneClient
{
    // HTTP/1.1 as browsers speak it to a plain-http server (no h2c upgrade).
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /**
     * @param base e.g. {@code http://127.0.0.1:43817}.
     */
    ControlPlaneClient(final String base)
    {
        this.base = base;
    }

    static ControlPlaneClient of(final ControlPlane controlPlane)
    {
        return new ControlPlaneClient("http://127.0.0.1:" + controlPlane.port());
    }

    String base()
    {
        return base;
    }

    HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonObject getJson(final String path) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = get(path);
        if (200 != response.statusCode())
        {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    /**
     * @param token sent as {@code Authorization: Bearer token}; null sends none.
     */
    HttpResponse<String> post(final String path, final String token, final String body)
        throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (null != token)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    HttpResponse<String> send(final HttpRequest.Builder request) throws IOException, InterruptedException
    {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens the WebSocket with this {@code Origin} header (null: none).
     *
     * @param reading false makes a stuck client: it never asks for a message, so its socket fills up.
     */
    Frames openWebSocket(final String origin, final boolean reading) throws Exception
    {
        final Frames frames = new Frames(reading);
        final WebSocket.Builder builder = http.newWebSocketBuilder();
        if (null != origin)
        {
            builder.header("Origin", origin);
        }
        frames.socket = builder.buildAsync(URI.create(base.replace("http://", "ws://") + "/ws"), frames)
            .get(10, TimeUnit.SECONDS);
        return frames;
    }

    /**
     * The text frames a WebSocket client received, in order.
     */
    static final class Frames implements WebSocket.Listener
    {
        final List<JsonObject> received = new CopyOnWriteArrayList<>();
        private final boolean reading;
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        Frames(final boolean reading)
        {
            this.reading = reading;
        }

        public void onOpen(final WebSocket webSocket)
        {
            if (reading)
            {
                webSocket.request(1);
            }
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                received.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<JsonObject> ofType(final String type)
        {
            return received.stream().filter(frame -> type.equals(frame.getString("type"))).toList();
        }

        JsonObject last(final String type)
        {
            final List<JsonObject> frames = ofType(type);
            return frames.isEmpty() ? null : frames.get(frames.size() - 1);
        }

        void close()
        {
            socket.abort();
        }
    }
}
