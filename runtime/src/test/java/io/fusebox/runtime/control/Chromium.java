package io.fusebox.runtime.control;

import io.fusebox.runtime.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Headless Chromium driven through chromedriver with the plain W3C WebDriver protocol (JSON over HTTP): a real
 * browser, its own process, stopped on close.
 */
final class Chromium implements AutoCloseable
{
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final String session;

    static boolean isInstalled()
    {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    Chromium(final int width, final int height) throws IOException
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        final String base = "http://127.0.0.1:" + port;
        try
        {
            Await.until(() -> isReady(base), Duration.ofSeconds(30), () -> "chromedriver on port " + port);
            final JsonObject options = new JsonObject()
                .put("binary", CHROMIUM.toString())
                .put("args", new JsonArray(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--window-size=" + width + "," + height)));
            final JsonObject created = call("POST", base + "/session", new JsonObject().put("capabilities",
                new JsonObject().put("alwaysMatch", new JsonObject()
                    .put("browserName", "chrome")
                    .put("goog:chromeOptions", options))));
            session = base + "/session/" + created.getJsonObject("value").getString("sessionId");
        }
        catch (final RuntimeException ex)
        {
            driver.destroy();
            throw ex;
        }
    }

    void open(final String url)
    {
        call("POST", session + "/url", new JsonObject().put("url", url));
    }

    /**
     * Runs a script in the page; its {@code return} value comes back.
     */
    Object execute(final String script)
    {
        return call("POST", session + "/execute/sync", new JsonObject().put("script", script).put("args", new JsonArray()))
            .getValue("value");
    }

    byte[] screenshot()
    {
        return Base64.getDecoder().decode(call("GET", session + "/screenshot", null).getString("value"));
    }

    /**
     * Ends the session, then waits until chromedriver and every browser process it started have exited: a browser
     * still tearing down would take the CPU from the next test.
     */
    public void close() throws InterruptedException
    {
        final List<ProcessHandle> processes = new ArrayList<>(driver.descendants().toList());
        processes.add(driver.toHandle());
        try
        {
            call("DELETE", session, null);
        }
        finally
        {
            driver.destroy();
            for (final ProcessHandle process : processes)
            {
                try
                {
                    process.onExit().get(10, TimeUnit.SECONDS);
                }
                catch (final ExecutionException | TimeoutException ex)
                {
                    process.destroyForcibly();
                }
            }
        }
    }

    private boolean isReady(final String base)
    {
        try
        {
            return call("GET", base + "/status", null).getJsonObject("value").getBoolean("ready");
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    private JsonObject call(final String method, final String url, final JsonObject body)
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, null == body ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
        try
        {
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (200 != response.statusCode())
            {
                throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
            }
            return new JsonObject(response.body());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(method + " " + url + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
