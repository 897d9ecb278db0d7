package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.ShippedServers.JAR;
import static org.fixmyquarter.it.support.ShippedServers.fresh;
import static org.fixmyquarter.it.support.ShippedServers.postgres;
import static org.fixmyquarter.it.support.ShippedServers.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Registration that ends by e-mail and password reset by e-mail, on the shipped jar as a city
 * runs it with its e-mail channel switched on (so new accounts confirm their address, the
 * default then), on H2 and on PostgreSQL, with the mails read from a real SMTP server (GreenMail).
 * A taken address is answered like a new one; the links work once; a reset ends every session;
 * what was set is still there after a restart.
 *
 * <p>Runs in the {@code it-lifecycle} pass, which starts its own servers; the other passes keep
 * address confirmation off, so that their tests sign in right after registering.
 */
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class AccountEmailIT {

    private static final int SMTP_PORT = 3026;
    private static final String SITE = "https://city.example";
    private static final String PASSWORD = "a long enough password";
    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(SITE) + "/account/[a-z-]+#token=([A-Za-z0-9_-]+)");

    private static GreenMail smtp;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void onTheEmbeddedDatabase() throws IOException {
        Path dir = fresh("account-email-h2");
        story(port -> ServerProcess.start(ServerProcess.javaJar(JAR), dir, mailSettings(port), dir.resolve("server.log"),
                "http://localhost:" + port), 9788);
    }

    @Test
    void onPostgresql() throws IOException {
        Path dir = fresh("account-email-pg");
        Map<String, String> database = postgres();
        story(port -> {
            Map<String, String> env = mailSettings(port);
            env.putAll(database);
            env.put("FMQ_DATA_DIR", dir.resolve("state").toString());
            return ServerProcess.start(ServerProcess.javaJar(JAR), dir, env, dir.resolve("server.log"),
                    "http://localhost:" + port);
        }, 9789);
    }

    private interface Launch {
        ServerProcess start(int port);
    }

    private static Map<String, String> mailSettings(int port) {
        Map<String, String> env = settings(port);
        env.put("FMQ_PLUGIN_EMAIL_ENABLED", "true");
        env.put("FMQ_PLUGIN_EMAIL_SMTP_HOST", "127.0.0.1");
        env.put("FMQ_PLUGIN_EMAIL_SMTP_PORT", Integer.toString(SMTP_PORT));
        env.put("FMQ_PLUGIN_EMAIL_SMTP_STARTTLS", "none");
        env.put("FMQ_PLUGIN_EMAIL_FROM", "noreply@city.example");
        env.put("FMQ_PLUGIN_EMAIL_BASE_URL", SITE);
        env.put("FMQ_DELIVERY_POLL_INTERVAL", "PT0.2S");
        return env;
    }

    private static void story(Launch launch, int port) {
        String base = "http://localhost:" + port;
        ServerProcess server = launch.start(port);
        try {
            awaitApi(base);
            String email = "ana-" + UUID.randomUUID() + "@example.org";

            HttpResponse<String> registered = register(base, email, "Ana");
            assertEquals(202, registered.statusCode(), registered.body());
            assertEquals("pending", Api.json(registered).getString("emailVerification"));
            HttpResponse<String> early = signIn(base, email, PASSWORD);
            assertEquals(403, early.statusCode(), "the right password before the address is confirmed: " + early.body());
            assertEquals("urn:fixmyquarter:problem:email-unverified", Api.json(early).getString("type"));

            String confirm = token(awaitMail(email, "Confirm your e-mail address"));
            HttpResponse<String> verified = Api.postJson(base + "/api/v1/auth/verify-email", body("token", confirm));
            assertEquals(204, verified.statusCode(), verified.body());
            HttpResponse<String> again = Api.postJson(base + "/api/v1/auth/verify-email", body("token", confirm));
            assertEquals(400, again.statusCode(), "a link works once: " + again.body());
            assertEquals("token", Api.json(again).getJsonArray("errors").getJsonObject(0).getString("field"));
            String firstSession = Api.json(signIn(base, email, PASSWORD)).getString("access_token");
            assertTrue(Api.json(Api.get(base + "/api/v1/auth/me", firstSession)).getBoolean("emailVerified"));

            // Someone registers the same address: the same answer as for a new one, and the owner is told.
            HttpResponse<String> taken = register(base, email.toUpperCase(), "Mallory");
            assertEquals(202, taken.statusCode(), taken.body());
            assertEquals(Api.json(registered).keySet(), Api.json(taken).keySet());
            assertTrue(GreenMailUtil.getBody(awaitMail(email, "Your account already exists")).contains("nothing was changed"));
            sameTimeForTakenAndNewAddresses(base, email);

            // A forgotten password: a link, once, that ends every session.
            assertEquals(202, Api.postJson(base + "/api/v1/auth/password-reset", body("email", email)).statusCode());
            assertEquals(202, Api.postJson(base + "/api/v1/auth/password-reset",
                    body("email", "nobody-" + UUID.randomUUID() + "@example.org")).statusCode(), "the same for nobody");
            String reset = token(awaitMail(email, "Choose a new password"));
            HttpResponse<String> weak = Api.postJson(base + "/api/v1/auth/password-reset/confirm",
                    "{\"token\":\"" + reset + "\",\"password\":\"1234567890\"}");
            assertEquals(400, weak.statusCode(), weak.body());
            assertEquals("password", Api.json(weak).getJsonArray("errors").getJsonObject(0).getString("field"));
            String newPassword = "the river runs under the old mill";
            HttpResponse<String> done = Api.postJson(base + "/api/v1/auth/password-reset/confirm",
                    "{\"token\":\"" + reset + "\",\"password\":\"" + newPassword + "\"}");
            assertEquals(204, done.statusCode(), "a refused password left the link usable: " + done.body());
            assertEquals(401, Api.get(base + "/api/v1/auth/me", firstSession).statusCode(), "sessions ended");
            assertEquals(401, signIn(base, email, PASSWORD).statusCode(), "the old password is gone");
            assertEquals(400, Api.postJson(base + "/api/v1/auth/password-reset/confirm",
                    "{\"token\":\"" + reset + "\",\"password\":\"yet another fine passphrase\"}").statusCode(), "used");

            assertEquals(0, server.terminate(), server.tail());
            server = launch.start(port);
            awaitApi(base);
            HttpResponse<String> afterRestart = signIn(base, email, newPassword);
            assertEquals(200, afterRestart.statusCode(), "the new password after a restart: " + afterRestart.body());
        } finally {
            server.terminate();
        }
    }

    /**
     * Registering a taken address must not be told apart by its time either: medians of
     * interleaved attempts, within a factor the slow password hashing of both dwarfs.
     */
    private static void sameTimeForTakenAndNewAddresses(String base, String taken) {
        List<Long> takenTimes = new ArrayList<>();
        List<Long> newTimes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            takenTimes.add(timed(() -> register(base, taken, "Mallory")));
            newTimes.add(timed(() -> register(base, "new-" + UUID.randomUUID() + "@example.org", "Newcomer")));
        }
        double ratio = (double) median(takenTimes) / median(newTimes);
        System.out.printf("[AccountEmailIT] registration: taken address %d ms, new address %d ms (median of 6)%n",
                median(takenTimes) / 1_000_000, median(newTimes) / 1_000_000);
        assertTrue(ratio > 0.33 && ratio < 3, "taken " + takenTimes + " ns vs new " + newTimes + " ns");
    }

    private static long timed(Runnable request) {
        long started = System.nanoTime();
        request.run();
        return System.nanoTime() - started;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static HttpResponse<String> register(String base, String email, String name) {
        HttpResponse<String> response = Api.postJson(base + "/api/v1/auth/register", "{\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + name + "\"}");
        assertEquals(202, response.statusCode(), response.body());
        return response;
    }

    private static HttpResponse<String> signIn(String base, String email, String password) {
        return Api.postJson(base + "/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static String body(String name, String value) {
        return "{\"" + name + "\":\"" + value + "\"}";
    }

    /** Readiness may answer a moment before the REST application does. */
    private static void awaitApi(String base) {
        Api.await(Duration.ofSeconds(30), () -> Api.get(base + "/api/v1/categories").statusCode() == 200,
                () -> "the API at " + base);
    }

    private static MimeMessage awaitMail(String to, String subject) {
        MimeMessage[] found = new MimeMessage[1];
        Api.await(Duration.ofSeconds(30), () -> {
            Optional<MimeMessage> mail = Arrays.stream(smtp.getReceivedMessages())
                    .filter(m -> addressedTo(m, to) && subject.equals(subjectOf(m))).findFirst();
            mail.ifPresent(m -> found[0] = m);
            return mail.isPresent();
        }, () -> "a mail '" + subject + "' to " + to + "; received " + smtp.getReceivedMessages().length);
        return found[0];
    }

    private static String token(MimeMessage mail) {
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = TOKEN.matcher(body);
        assertTrue(link.find(), "a link to the site with its token: " + body);
        return link.group(1);
    }

    private static boolean addressedTo(MimeMessage mail, String to) {
        try {
            return Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(to));
        } catch (MessagingException e) {
            return false;
        }
    }

    private static String subjectOf(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            return null;
        }
    }
}
