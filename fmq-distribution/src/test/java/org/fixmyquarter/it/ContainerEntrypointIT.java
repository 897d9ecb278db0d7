package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fixmyquarter.it.support.ServerProcess;
import org.fixmyquarter.it.support.ShippedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The container image's entrypoint ({@code deploy/docker/entrypoint.sh}), run as the image runs it
 * but on this machine, against the shipped jar: bad settings stop it with exit status 78 and a line
 * naming the setting before any JVM starts; good ones, secrets given as files included, start the
 * server on the ports, folders and signing key they name; its health check and the paths the
 * Kubernetes probes use answer; SIGTERM reaches the server, which stops with status 0.
 */
// Only in the it-lifecycle pass, which names what it tests; -Dit.test would run it in every pass.
@EnabledIfSystemProperty(named = "fmq.it.entrypoint", matches = ".+")
class ContainerEntrypointIT {

    private static final Path ENTRYPOINT = Path.of(System.getProperty("fmq.it.entrypoint", ""));
    private static final int HTTP_PORT = Integer.getInteger("fmq.it.entrypoint.http-port", 9830);
    private static final int HTTPS_PORT = Integer.getInteger("fmq.it.entrypoint.https-port", 9831);
    private static final String ADMIN_PASSWORD = "entrypoint admin password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void badSettingsStopItBeforeTheServerStarts() throws Exception {
        Path dir = ShippedServers.fresh("entrypoint-refusals");
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path changeMe = Files.writeString(dir.resolve("change-me"), "change-me\n");
        Path notAKey = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PUBLIC KEY-----\n");
        Path password = Files.writeString(dir.resolve("password"), "a password\n");

        Map<Map<String, String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("FMQ_HTTP_PORT", "80x"), "FMQ_HTTP_PORT must be a port number from 1 to 65535 (got '80x')");
        cases.put(Map.of("FMQ_HTTPS_PORT", "70000"), "FMQ_HTTPS_PORT must be a port number");
        cases.put(Map.of("FMQ_HTTPS_PORT", Integer.toString(HTTP_PORT)), "FMQ_HTTP_PORT and FMQ_HTTPS_PORT are both");
        cases.put(Map.of("FMQ_DB_URL", "jdbc:mysql://db/fmq?password=hunter2"),
                "FMQ_DB_URL must be a jdbc:postgresql: or jdbc:h2: URL, the two drivers the server ships (got 'jdbc:mysql://db/fmq')");
        cases.put(Map.of("FMQ_DB_POOL_MAX", "lots"), "FMQ_DB_POOL_MAX must be a whole number");
        cases.put(Map.of("FMQ_DB_PASSWORD", "x", "FMQ_DB_PASSWORD_FILE", password.toString()),
                "both FMQ_DB_PASSWORD and FMQ_DB_PASSWORD_FILE are set; keep one");
        cases.put(Map.of("FMQ_DB_PASSWORD_FILE", dir.resolve("missing").toString()),
                "FMQ_DB_PASSWORD_FILE names " + dir.resolve("missing") + ", which is not a file");
        cases.put(Map.of("FMQ_PLUGIN_S3_SECRET_KEY_FILE", changeMe.toString()),
                "FMQ_PLUGIN_S3_SECRET_KEY is still 'change-me'");
        cases.put(Map.of("FMQ_AUTH_PRIVATE_KEY", notAKey.toString()),
                "FMQ_AUTH_PRIVATE_KEY (" + notAKey + ") is not a PKCS#8 PEM private key; make one with openssl genpkey");
        cases.put(Map.of("FMQ_DATA_DIR", notAFolder.resolve("data").toString()),
                "FMQ_DATA_DIR=" + notAFolder.resolve("data") + " is not a folder this user");
        cases.put(Map.of("FMQ_RUNTIME_DIR", notAFolder.resolve("runtime").toString()),
                "FMQ_RUNTIME_DIR=" + notAFolder.resolve("runtime") + " is not a folder this user");
        cases.put(Map.of("FMQ_JAR", dir.resolve("nothing.jar").toString()), "there is no server jar at");

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Map<String, String>, String> refusal : cases.entrySet()) {
            Map<String, String> env = settings(dir);
            env.putAll(refusal.getKey());
            long started = System.nanoTime();
            Result result = entrypoint(env, dir, "run");
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (result.status() != 78 || !result.output().contains("fixmyquarter: not starting: " + refusal.getValue())
                    || result.output().contains("[fixmyquarter]") || result.output().contains("hunter2")) {
                wrong.add(refusal.getKey() + " -> status " + result.status() + " after " + millis + " ms: "
                        + result.output());
            }
        }
        assertEquals(List.of(), wrong, "each bad setting stops the entrypoint with 78 and its own message, no JVM");
    }

    @Test
    void theServerRunsOnTheSettingsTheEntrypointMapsAndStopsCleanly() throws Exception {
        Path dir = ShippedServers.fresh("entrypoint-run");
        KeyPair signing = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path key = Files.writeString(dir.resolve("jwt-private.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        signing.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        // As a Kubernetes or compose secret: a file, with the newline an editor leaves.
        Path password = Files.writeString(dir.resolve("admin_password"), ADMIN_PASSWORD + "\n");
        Map<String, String> env = settings(dir);
        env.put("FMQ_ADMIN_EMAIL", ShippedServers.ADMIN_EMAIL);
        env.put("FMQ_ADMIN_PASSWORD_FILE", password.toString());
        env.put("FMQ_AUTH_PRIVATE_KEY", key.toString());
        env.put("FMQ_AUTH_EMAIL_VERIFICATION", "off");

        Result check = entrypoint(env, dir, "check");
        assertEquals(0, check.status(), check.output());
        assertTrue(check.output().contains("settings look right: data " + dir.resolve("data") + ", runtime "
                + dir.resolve("runtime") + ", HTTP " + HTTP_PORT), check.output());

        String base = "http://localhost:" + HTTP_PORT;
        ServerProcess server = ServerProcess.start(List.of("bash", ENTRYPOINT.toString(), "run"), dir, env,
                dir.resolve("server.log"), base);
        try {
            // The entrypoint replaced itself with the JVM, so a container's SIGTERM reaches the server.
            String command = ProcessHandle.of(server.pid()).flatMap(p -> p.info().command()).orElse("");
            assertTrue(command.endsWith("/java"), "the entrypoint's process is the JVM: " + command);

            HttpResponse<String> login = post(base + "/api/v1/auth/login", "{\"email\":\""
                    + ShippedServers.ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
            assertEquals(200, login.statusCode(), "the password from FMQ_ADMIN_PASSWORD_FILE: " + login.body());

            JsonObject jwk = json(get(base + "/api/v1/auth/jwks")).getJsonArray("keys").getJsonObject(0);
            BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
            assertEquals(((RSAPublicKey) signing.getPublic()).getModulus(), modulus,
                    "tokens are signed with the key FMQ_AUTH_PRIVATE_KEY names");

            assertTrue(Files.isDirectory(onlyChild(dir.resolve("runtime")).resolve("wlp")),
                    "the runtime is unpacked into FMQ_RUNTIME_DIR");
            assertFalse(Files.exists(dir.resolve("data/runtime")), "and not into the data folder");

            assertEquals(0, entrypoint(env, dir, "healthcheck").status(), "the image's HEALTHCHECK passes");
            List<String> probes = kubernetesProbePaths();
            assertEquals(List.of("/health/started", "/health/ready", "/health/live"), probes);
            for (String path : probes) {
                assertEquals(200, get(base + path).statusCode(), path + ", which deployment.yaml probes");
            }
        } finally {
            assertEquals(0, server.terminate(), "a SIGTERM stops the server cleanly:\n" + server.tail());
        }
        Result after = entrypoint(env, dir, "healthcheck");
        assertEquals(1, after.status(), "the health check fails once the server is gone: " + after.output());
    }

    /** What every run gets: the shipped jar, this JVM's java, folders of its own, the test's ports. */
    private static Map<String, String> settings(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("FMQ_JAR", ShippedServers.JAR.toAbsolutePath().toString());
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        env.put("FMQ_DATA_DIR", dir.resolve("data").toString());
        env.put("FMQ_RUNTIME_DIR", dir.resolve("runtime").toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
        env.put("FMQ_HTTP_PORT", Integer.toString(HTTP_PORT));
        env.put("FMQ_HTTPS_PORT", Integer.toString(HTTPS_PORT));
        env.put("JAVA_OPTS", "-Xmx768m -XX:+ExitOnOutOfMemoryError");
        return env;
    }

    private static List<String> kubernetesProbePaths() throws IOException {
        String deployment = Files.readString(Path.of(System.getProperty("fmq.it.kubernetes-deployment")));
        Matcher path = Pattern.compile("path: (/\\S+)").matcher(deployment);
        List<String> paths = new ArrayList<>();
        while (path.find()) {
            paths.add(path.group(1));
        }
        return paths;
    }

    private static Path onlyChild(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> all = children.toList();
            assertEquals(1, all.size(), dir + " holds one runtime: " + all);
            return all.get(0);
        }
    }

    private record Result(int status, String output) {
    }

    private static Result entrypoint(Map<String, String> env, Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ENTRYPOINT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "did not end within 30 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
