package org.fixmyquarter.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ServiceWorkerPolicy;

/**
 * Debian's chromium, driven by Playwright, for the web page's browser tests: one browser for the
 * whole test JVM (a launch costs a second or two), a fresh context (cookies, storage, service
 * workers) per story, the phone and desktop sizes the page is designed for, screenshots kept as
 * test output, and axe-core's accessibility check.
 *
 * <p>Playwright's own browser download is never used ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}):
 * the browser is the one {@code .ci/run} installs from Debian, at {@code /usr/bin/chromium} or the
 * path of {@code -Dfmq.it.chromium}. Without it the tests fail, saying so, rather than skip: CI
 * must run them.
 */
public final class Browsers {

    /** The two sizes every story is walked at. */
    public enum Viewport {
        /** A common phone, held upright, touch screen. */
        PHONE(390, 844, true),
        /** A laptop screen. */
        DESKTOP(1280, 800, false);

        private final int width;
        private final int height;
        private final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    /**
     * Flags for a headless chromium in a closed network, as root: without the background
     * networking ones, chromium keeps calling Google's hosts, which this machine refuses.
     */
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private static Playwright playwright;
    private static Browser browser;

    private Browsers() {
    }

    /**
     * @return the shared browser, launched at the first call and closed when the JVM ends
     */
    public static synchronized Browser browser() {
        if (browser == null) {
            Path chromium = Path.of(System.getProperty("fmq.it.chromium", "/usr/bin/chromium"));
            if (!Files.isExecutable(chromium)) {
                throw new IllegalStateException("The browser tests need Debian's chromium at " + chromium
                        + ": install it with 'apt-get install chromium' (.ci/run does) or name another with "
                        + "-Dfmq.it.chromium=<path>");
            }
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                    .setHeadless(true).setArgs(FLAGS));
            Runtime.getRuntime().addShutdownHook(new Thread(Browsers::close, "close-chromium"));
        }
        return browser;
    }

    private static synchronized void close() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
            browser = null;
        }
    }

    /**
     * A fresh browser profile, as a person opening the page for the first time.
     *
     * @param viewport the screen
     * @param locale   the browser's language, such as {@code en} or {@code ar}; the page picks its
     *                 language from it
     * @return the context; close it at the end of the story
     */
    public static BrowserContext context(Viewport viewport, String locale) {
        BrowserContext context = browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(viewport.width, viewport.height)
                .setIsMobile(viewport.mobile)
                .setHasTouch(viewport.mobile)
                .setDeviceScaleFactor(viewport.mobile ? 2 : 1)
                .setLocale(locale)
                .setTimezoneId("Europe/Paris")
                .setServiceWorkers(ServiceWorkerPolicy.ALLOW)
                // The test servers trust this machine as a proxy: each story comes from a client
                // address of its own, as each request of Api does, so that the stories do not
                // share one per-address rate limit (sign-in allows 10 a minute).
                .setExtraHTTPHeaders(Map.of("X-Forwarded-For", Api.clientAddress()))
                .setBaseURL(Api.BASE_URL));
        // The deployment's tile server (OpenStreetMap's by default) is out of this closed
        // network's reach: the browser gets a plain tile of ours for each, as from a tile server.
        context.route(TILES, route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setContentType("image/png").setBodyBytes(TILE)));
        return context;
    }

    /**
     * Makes the tile server unreachable for a context, as when a city's tile server is down.
     *
     * @param context the context
     */
    public static void withoutTiles(BrowserContext context) {
        context.unroute(TILES);
        context.route(TILES, route -> route.abort("addressunreachable"));
    }

    /** The default tile server's addresses ({@code fmq.map.tiles.url}). */
    private static final String TILES = "https://tile.openstreetmap.org/**";

    /** A tile of pale land crossed by white streets, every 64 pixels. */
    private static final byte[] TILE = tile();

    private static byte[] tile() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(256, 256,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = image.createGraphics();
        graphics.setColor(new java.awt.Color(0xEC, 0xEE, 0xE6));
        graphics.fillRect(0, 0, 256, 256);
        graphics.setColor(java.awt.Color.WHITE);
        for (int line = 0; line < 256; line += 64) {
            graphics.fillRect(line, 0, 6, 256);
            graphics.fillRect(0, line, 256, 6);
        }
        graphics.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /**
     * Waits until the page shows a view and has finished loading it.
     *
     * @param page the page
     * @param view the view's name, as {@code <main data-view>} gives it
     */
    public static void awaitView(Page page, String view) {
        page.locator("main[data-view='" + view + "'][aria-busy='false']").waitFor(
                new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(30_000));
    }

    /**
     * Signs in through the page's own form, as a person would; the page then shows the map.
     *
     * @param page     the page
     * @param email    the account's address
     * @param password its password
     */
    public static void signIn(Page page, String email, String password) {
        page.navigate("/signin");
        awaitView(page, "signin");
        page.locator("#signin-email").fill(email);
        page.locator("#signin-password").fill(password);
        page.locator("#signin-submit").click();
        awaitView(page, "map");
    }

    /**
     * Records what the page complains of in the browser's console: script errors and the
     * Content-Security-Policy's refusals both land there, and a page that works has none.
     *
     * @param page the page, before it is opened
     * @return the messages, filled as they come
     */
    public static List<String> consoleErrors(Page page) {
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add(message.text());
            }
        });
        page.onPageError(error -> errors.add("uncaught: " + error));
        return errors;
    }

    /**
     * Saves what the page shows, whole, as test output: {@code target/screenshots/<name>.png}.
     *
     * @param page the page
     * @param name the file's name, without extension
     * @return the file
     */
    public static Path screenshot(Page page, String name) {
        Path file = Path.of(System.getProperty("fmq.it.screenshots", "target/screenshots")).resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /**
     * Runs axe-core's WCAG 2.2 A and AA rules on the page as it is now and fails on any violation
     * of serious or critical impact, naming the rule and the elements.
     *
     * @param page the page
     * @param what what the page shows, for the failure message
     */
    public static void assertAccessible(Page page, String what) {
        AxeResults results = new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze();
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
        assertEquals("", serious.stream().map(rule -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp()
                + " at " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget()))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n")), "axe-core on " + what);
    }
}
