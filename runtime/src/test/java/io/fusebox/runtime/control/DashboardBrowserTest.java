package io.fusebox.runtime.control;

import io.fusebox.runtime.testing.Await;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Chromium during a short simulated drive: it connects, draws the tracked objects, fills
 * the health grid and the latency table; the screenshot goes to {@code target/dashboard.png}.
 */
class DashboardBrowserTest
{
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The bird's-eye view's colour for cars (birdseye.js), the class the highway is full of. */
    private static final int CAR_RGB = 0x4c8dff;

    @Test
    void theDashboardShowsTheLiveDrive() throws Exception
    {
        final boolean installed = Chromium.isInstalled();
        // CI installs the browser (.ci/run), so there a missing one is a failure, never a skip.
        if (null != System.getenv("CI"))
        {
            Assertions.assertTrue(installed, "CI must install chromium and chromium-driver (see .ci/run)");
        }
        Assumptions.assumeTrue(installed, "no " + Chromium.CHROMIUM + " or " + Chromium.CHROMEDRIVER +
            " (apt-get install chromium chromium-driver)");

        try (LiveDrive drive = new LiveDrive("--scenario", "highway-cruise", "--duration", "10s", "--no-record");
            Chromium browser = new Chromium(1400, 1000))
        {
            browser.open(drive.base() + "/dashboard/");
            Await.until(() -> number(browser, "document.getElementById('birdseye').dataset.objectsDrawn") >= 5 &&
                number(browser, "document.getElementById('health').dataset.sensorsOk ?? 0") > 0 &&
                !"–".equals(browser.execute(
                    "return document.querySelector('#latency tr[data-stream=worldModel] td').textContent")),
                TIMEOUT, () -> "the dashboard drawing the drive: " + browser.execute(
                    "return JSON.stringify(document.getElementById('birdseye').dataset)"));
            assertEquals("live", browser.execute("return document.getElementById('connection').textContent"));
            assertEquals(35L, number(browser, "document.querySelectorAll('#health div').length"));
            final Object objects = browser.execute("return document.getElementById('birdseye').dataset.objectsDrawn");
            final Object points = browser.execute("return document.getElementById('birdseye').dataset.trajectoryPoints");

            final byte[] png = browser.screenshot();
            Files.write(SCREENSHOT, png);
            final BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image);
            assertTrue(countPixels(image, CAR_RGB) > 100,
                "the screenshot shows car boxes (" + objects + " objects, " + points + " trajectory points drawn)");
            System.out.printf("dashboard screenshot %s: %s objects, %s trajectory points drawn%n",
                SCREENSHOT.toAbsolutePath(), objects, points);
            assertEquals(0, drive.awaitExit(TIMEOUT), drive.output());
        }
    }

    private static long number(final Chromium browser, final String expression)
    {
        final Object value = browser.execute("return Number(" + expression + ")");
        return value instanceof Number ? ((Number)value).longValue() : -1;
    }

    private static int countPixels(final BufferedImage image, final int rgb)
    {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                if ((image.getRGB(x, y) & 0xffffff) == rgb)
                {
                    count++;
                }
            }
        }
        return count;
    }
}
