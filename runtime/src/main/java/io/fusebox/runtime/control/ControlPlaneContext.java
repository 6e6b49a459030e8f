package io.fusebox.runtime.control;

import io.fusebox.runtime.record.SnapshotTrigger;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the {@link ControlPlane}. Fluent setters, defaults (from system properties where a person
 * would tune them), and {@link #conclude()}, which validates every field, naming it and the reason, generates a
 * token when none was configured, and freezes the context.
 */
public final class ControlPlaneContext
{
    public static final String HOST_PROP_NAME = "fusebox.control.host";
    /** Loopback only: reaching the vehicle from elsewhere is a deliberate choice. */
    public static final String HOST_DEFAULT = "127.0.0.1";

    public static final String PORT_PROP_NAME = "fusebox.control.port";
    /** Ephemeral: several drives (and tests) on one machine never fight for a port. */
    public static final int PORT_DEFAULT = 0;

    public static final String TOKEN_PROP_NAME = "fusebox.control.token";
    /** A configured token shorter than this is refused: it would be guessable. */
    public static final int TOKEN_MIN_LENGTH = 16;

    public static final String MAX_REQUEST_BODY_PROP_NAME = "fusebox.control.max.request.body";
    public static final int MAX_REQUEST_BODY_DEFAULT = 4096;

    public static final String STREAM_RATE_PROP_NAME = "fusebox.control.stream.rate";
    public static final int STREAM_RATE_DEFAULT_HZ = 10;

    public static final String MAX_CLIENTS_PROP_NAME = "fusebox.control.max.clients";
    public static final int MAX_CLIENTS_DEFAULT = 32;

    /** Bytes a WebSocket client may have queued before it starts losing frames. */
    public static final int CLIENT_QUEUE_DEFAULT_BYTES = 512 * 1024;

    /** The largest bus message the control plane keeps: a world model must fit one bus message. */
    public static final int MAX_MESSAGE_DEFAULT_BYTES = RigLoader.MAX_SENSOR_MESSAGE_BYTES;

    private boolean isConcluded;
    private boolean isTokenGenerated;
    private String host = System.getProperty(HOST_PROP_NAME, HOST_DEFAULT);
    private int port = Integer.getInteger(PORT_PROP_NAME, PORT_DEFAULT);
    private String authToken = System.getProperty(TOKEN_PROP_NAME);
    private int maxRequestBodyBytes = Integer.getInteger(MAX_REQUEST_BODY_PROP_NAME, MAX_REQUEST_BODY_DEFAULT);
    private int streamRateHz = Integer.getInteger(STREAM_RATE_PROP_NAME, STREAM_RATE_DEFAULT_HZ);
    private int maxClients = Integer.getInteger(MAX_CLIENTS_PROP_NAME, MAX_CLIENTS_DEFAULT);
    private int clientQueueBytes = CLIENT_QUEUE_DEFAULT_BYTES;
    private int maxMessageBytes = MAX_MESSAGE_DEFAULT_BYTES;
    private List<String> allowedOrigins = List.of();
    private Map<String, Object> configuration = Map.of();
    private RecordingControl recordingControl;
    private SnapshotTrigger snapshotTrigger;
    private EpochNanoClock clock = new SystemEpochNanoClock();

    /**
     * Validates every field and freezes the context; generates a token when none was set.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first field that is wrong and why.
     */
    public ControlPlaneContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        require(null != host && !host.isBlank(), "host", "must be an address to bind to", host);
        require(port >= 0 && port <= 65535, "port", "must be in [0, 65535] (0 picks a free port)", port);
        if (null == authToken)
        {
            final byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            authToken = HexFormat.of().formatHex(random);
            isTokenGenerated = true;
        }
        require(authToken.length() >= TOKEN_MIN_LENGTH, "authToken",
            "must be at least " + TOKEN_MIN_LENGTH + " characters", authToken.length() + " characters");
        require(authToken.chars().allMatch(c -> c > 0x20 && c < 0x7f), "authToken",
            "must be printable ASCII without spaces", "(not shown)");
        require(maxRequestBodyBytes >= 0 && maxRequestBodyBytes <= 1024 * 1024, "maxRequestBodyBytes",
            "must be in [0, 1 MiB]", maxRequestBodyBytes);
        require(streamRateHz >= 1 && streamRateHz <= 60, "streamRateHz", "must be in [1, 60]", streamRateHz);
        require(maxClients >= 1 && maxClients <= 1024, "maxClients", "must be in [1, 1024]", maxClients);
        require(clientQueueBytes >= 4096, "clientQueueBytes", "must be >= 4096", clientQueueBytes);
        require(maxMessageBytes >= 1024, "maxMessageBytes", "must be >= 1024", maxMessageBytes);
        require(null != clock, "clock", "must be set", null);
        final List<String> origins = new ArrayList<>(allowedOrigins.size());
        for (final String origin : allowedOrigins)
        {
            origins.add(normalisedOrigin(origin));
        }
        allowedOrigins = Collections.unmodifiableList(origins);
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    /**
     * @param host the address to bind to; anything but loopback makes the vehicle reachable from the network.
     */
    public ControlPlaneContext host(final String host)
    {
        checkMutable();
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    /**
     * @param port to listen on; 0 picks a free one ({@link ControlPlane#port()} says which).
     */
    public ControlPlaneContext port(final int port)
    {
        checkMutable();
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    /**
     * @param authToken every mutating request must carry it as {@code Authorization: Bearer TOKEN}; null
     *                  generates one at {@link #conclude()}.
     */
    public ControlPlaneContext authToken(final String authToken)
    {
        checkMutable();
        this.authToken = authToken;
        return this;
    }

    public String authToken()
    {
        return authToken;
    }

    /**
     * @return true when the token was generated at {@link #conclude()}, so whoever starts the control plane
     * should print it.
     */
    public boolean isTokenGenerated()
    {
        return isTokenGenerated;
    }

    /**
     * @param maxRequestBodyBytes a request with a larger body is refused with 413.
     */
    public ControlPlaneContext maxRequestBodyBytes(final int maxRequestBodyBytes)
    {
        checkMutable();
        this.maxRequestBodyBytes = maxRequestBodyBytes;
        return this;
    }

    public int maxRequestBodyBytes()
    {
        return maxRequestBodyBytes;
    }

    /**
     * @param streamRateHz how often the WebSocket sends the newest world model, trajectory and health.
     */
    public ControlPlaneContext streamRateHz(final int streamRateHz)
    {
        checkMutable();
        this.streamRateHz = streamRateHz;
        return this;
    }

    public int streamRateHz()
    {
        return streamRateHz;
    }

    /**
     * @param maxClients WebSocket clients beyond this are refused with 503.
     */
    public ControlPlaneContext maxClients(final int maxClients)
    {
        checkMutable();
        this.maxClients = maxClients;
        return this;
    }

    public int maxClients()
    {
        return maxClients;
    }

    /**
     * @param clientQueueBytes bytes a WebSocket client may have queued; past it, the client loses frames.
     */
    public ControlPlaneContext clientQueueBytes(final int clientQueueBytes)
    {
        checkMutable();
        this.clientQueueBytes = clientQueueBytes;
        return this;
    }

    public int clientQueueBytes()
    {
        return clientQueueBytes;
    }

    /**
     * @param maxMessageBytes the largest bus message kept for the stream; larger ones are counted and dropped.
     */
    public ControlPlaneContext maxMessageBytes(final int maxMessageBytes)
    {
        checkMutable();
        this.maxMessageBytes = maxMessageBytes;
        return this;
    }

    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    /**
     * @param allowedOrigins origins (e.g. {@code http://dashboard.example:8080}) whose pages may open the
     *                       WebSocket, besides the control plane's own; empty: its own only.
     */
    public ControlPlaneContext allowedOrigins(final List<String> allowedOrigins)
    {
        checkMutable();
        this.allowedOrigins = List.copyOf(allowedOrigins);
        return this;
    }

    public List<String> allowedOrigins()
    {
        return allowedOrigins;
    }

    /**
     * @param configuration the running system's configuration, shown read-only by {@code GET /api/config}.
     */
    public ControlPlaneContext configuration(final Map<String, ?> configuration)
    {
        checkMutable();
        this.configuration = new LinkedHashMap<>(configuration);
        return this;
    }

    public Map<String, Object> configuration()
    {
        return configuration;
    }

    /**
     * @param recordingControl starts and stops the recording; null: the recording endpoints answer 503.
     */
    public ControlPlaneContext recordingControl(final RecordingControl recordingControl)
    {
        checkMutable();
        this.recordingControl = recordingControl;
        return this;
    }

    public RecordingControl recordingControl()
    {
        return recordingControl;
    }

    /**
     * @param snapshotTrigger the snapshot recorder's trigger ({@code drive --snapshot}); null: {@code POST /api/snapshot}
     *                        answers 503.
     */
    public ControlPlaneContext snapshotTrigger(final SnapshotTrigger snapshotTrigger)
    {
        checkMutable();
        this.snapshotTrigger = snapshotTrigger;
        return this;
    }

    public SnapshotTrigger snapshotTrigger()
    {
        return snapshotTrigger;
    }

    /**
     * @param clock the epoch clock the capture times of the messages are on: latency is its time at arrival
     *              minus a message's newest capture time.
     */
    public ControlPlaneContext clock(final EpochNanoClock clock)
    {
        checkMutable();
        this.clock = clock;
        return this;
    }

    public EpochNanoClock clock()
    {
        return clock;
    }

    static String normalisedOrigin(final String origin)
    {
        require(null != origin, "allowedOrigins", "must not hold null", null);
        final URI uri;
        try
        {
            uri = new URI(origin);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException(
                "ControlPlaneContext.allowedOrigins must hold origins like http://host:port: " + origin, ex);
        }
        final String scheme = null == uri.getScheme() ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        require(("http".equals(scheme) || "https".equals(scheme)) && null != uri.getHost() &&
            (null == uri.getRawPath() || uri.getRawPath().isEmpty()) && null == uri.getRawQuery(),
            "allowedOrigins", "must hold origins like http://host:port (scheme, host, optional port, no path)", origin);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (-1 == uri.getPort() ? "" : ":" + uri.getPort());
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("ControlPlaneContext is concluded and can no longer change");
        }
    }

    private static void require(final boolean condition, final String field, final String rule, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("ControlPlaneContext." + field + " " + rule + ": " + value);
        }
    }
}
