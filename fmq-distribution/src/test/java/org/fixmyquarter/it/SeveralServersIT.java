package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.ShippedServers.JAR;
import static org.fixmyquarter.it.support.ShippedServers.fresh;
import static org.fixmyquarter.it.support.ShippedServers.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Several servers behind a load balancer over a PostgreSQL primary and its streaming read replica
 * (issue 19), as {@code docs/operations.md} ("Several servers") describes them: the test makes a
 * hot standby of the local PostgreSQL with {@code pg_basebackup -R} and starts it on port 5433,
 * starts two servers from the shipped jar on one database with {@code FMQ_DB_REPLICA_URL}, and
 * Debian's nginx in front of them with a configuration of its own (both servers in one upstream,
 * a refused connection passed to the other server, a request that went out never sent twice).
 *
 * <p>Clients create reports through nginx, and read each back at once (by id, and by searching its
 * words) with the cookie the write left; visitors list reports. Meanwhile server A is killed with
 * SIGKILL and started again, then server B is stopped with SIGTERM and started again. Afterwards:
 * every report answered {@code 201} is in the database; the only failed requests are those that
 * A's kill cut (counted, and all in flight at the kill); none failed during B's stop; every writer
 * read its own report back, from the primary; visitors' lists were served by the replica
 * ({@code FMQ-Read-Source}). Last, the replica is stopped: reads still answer, from the primary,
 * and readiness names the replica in its {@code dependencies} check, still {@code UP}.
 *
 * <p>Runs in the {@code it-lifecycle} pass; ports 9860-9864 and 5433. Needs PostgreSQL at
 * 127.0.0.1:5432 (user postgres, a superuser), its {@code pg_basebackup} and {@code postgres}
 * binaries, and {@code nginx}; it fails saying which is missing. As root (CI) the replica runs as
 * the operating-system user {@code postgres}. When the primary's {@code pg_hba.conf} allows no
 * replication connection from 127.0.0.1, the test adds one for its run and removes it after.
 */
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class SeveralServersIT {

    private static final String TAG = "[SeveralServersIT] ";
    private static final int NGINX_PORT = 9860;
    private static final int[] HTTP_PORTS = {9861, 9862};
    private static final int[] HTTPS_PORTS = {9863, 9864};
    private static final int REPLICA_PORT = 5433;
    private static final String DATABASE = "fmq_it_cluster";
    private static final String PRIMARY_URL = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String REPLICA_URL = "jdbc:postgresql://127.0.0.1:" + REPLICA_PORT + "/";
    private static final String HBA_LINE = "host replication postgres 127.0.0.1/32 trust # added by SeveralServersIT";
    private static final int WRITERS = 3;
    private static final int VISITORS = 2;
    /** Reports acknowledged before each step: enough that each step happens under load. */
    private static final int STEP = 40;
    private static final String BASE = "http://127.0.0.1:" + NGINX_PORT;

    @Test
    void twoServersBehindNginxOverAPrimaryAndItsReplicaLoseNothingWhenOneIsKilledAndOneStopped() throws Exception {
        long began = System.nanoTime();
        Path nginx = tool("nginx", List.of("/usr/sbin/nginx"), "Debian's package nginx (.ci/run installs it)");
        Path pgBin = postgresBinaries();
        Path work = fresh("several-servers");
        // Outside the build folder: the replica's folder must be reachable by the user postgres.
        Path scratch = Files.createTempDirectory("fmq-several-servers-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path replicaDir = scratch.resolve("replica");
        Path nginxDir = scratch.resolve("nginx");
        ServerProcess[] servers = new ServerProcess[2];
        Process balancer = null;
        boolean hbaAdded = false;
        boolean replicaStarted = false;
        Load load = null;
        try {
            try (Connection primary = connect(PRIMARY_URL + "postgres")) {
                try (Statement statement = primary.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
                hbaAdded = allowReplication(primary);
            }
            long replicaBegan = System.nanoTime();
            // Set first: a replica that started but never streamed is stopped all the same.
            replicaStarted = true;
            makeReplica(pgBin, replicaDir, scratch.resolve("replica.log"));
            System.out.println(TAG + "replica made and streaming on port " + REPLICA_PORT + " in "
                    + millis(replicaBegan) + " ms");

            for (int i = 0; i < 2; i++) {
                servers[i] = start(i, work);
                System.out.println(TAG + "server " + name(i) + " ready in " + servers[i].startTime().toMillis() + " ms");
            }
            balancer = startNginx(nginx, nginxDir);

            load = new Load();
            load.start();
            load.awaitAcknowledged(STEP, "before the kill");

            int a = 0;
            long killAt = System.nanoTime();
            int killExit = servers[a].kill();
            long killed = System.nanoTime();
            System.out.println(TAG + "SIGKILL to server A (exit status " + killExit + ") after "
                    + load.acknowledged.size() + " acknowledged reports");
            servers[a] = start(a, work);
            System.out.println(TAG + "server A started again in " + servers[a].startTime().toMillis() + " ms");
            load.awaitAcknowledged(load.acknowledged.size() + STEP, "after A's restart");

            int b = 1;
            long stopAt = System.nanoTime();
            int stopExit = servers[b].terminate();
            long stopped = System.nanoTime();
            System.out.println(TAG + "SIGTERM to server B: stopped in " + TimeUnit.NANOSECONDS.toMillis(stopped - stopAt)
                    + " ms, exit status " + stopExit);
            servers[b] = start(b, work);
            long restarted = System.nanoTime();
            System.out.println(TAG + "server B started again in " + servers[b].startTime().toMillis() + " ms");
            load.awaitAcknowledged(load.acknowledged.size() + STEP, "after B's restart");
            load.stop();

            Set<String> acknowledged = Set.copyOf(load.acknowledged.keySet());
            Set<String> stored = stored(PRIMARY_URL + DATABASE, acknowledged);
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            List<Outcome> failed = List.copyOf(load.failed);
            // In flight at the kill, or sent on a connection to A that nginx had not yet seen die.
            List<Outcome> aroundKill = failed.stream().filter(f -> f.started() <= killed + TimeUnit.SECONDS.toNanos(1)
                    && f.ended() >= killAt).toList();
            long cutWrites = aroundKill.stream().filter(f -> f.kind().equals("create")).count();
            long cutStored = storedTitles(PRIMARY_URL + DATABASE, aroundKill.stream().map(Outcome::title)
                    .filter(t -> t != null).toList());
            int reads = load.visitorReads.get();
            int fromReplica = load.fromReplica.get();
            // Streaming takes a moment: the last reports reach the replica shortly after their answer.
            Api.await(Duration.ofSeconds(20), () -> storedQuietly(REPLICA_URL + DATABASE, acknowledged).size()
                    == acknowledged.size(), () -> "acknowledged reports on the replica: "
                    + storedQuietly(REPLICA_URL + DATABASE, acknowledged).size() + " of " + acknowledged.size());
            Set<String> onReplica = stored(REPLICA_URL + DATABASE, acknowledged);
            System.out.println(TAG + load.requests.get() + " requests through nginx in " + millis(began) + " ms of test: "
                    + acknowledged.size() + " reports acknowledged, " + load.ownReads.get() + " read back by their"
                    + " writers, " + reads + " visitor lists; failed " + failed.size() + " (" + cutWrites
                    + " creations cut by the kill, " + cutStored + " of them stored anyway): " + failed);
            System.out.println(TAG + "visitor lists served by the replica: " + fromReplica + " of " + reads + " ("
                    + (reads == 0 ? 0 : 100 * fromReplica / reads) + " %); writers' reads served by the primary: "
                    + load.ownFromPrimary.get() + " of " + load.ownReads.get() + "; acknowledged reports on the replica"
                    + " at the end: " + onReplica.size() + " of " + acknowledged.size());

            assertEquals(Set.of(), lost, "acknowledged reports missing from the database");
            assertEquals(List.of(), load.otherAnswers, "answers that were neither expected nor a cut request");
            assertEquals(List.of(), failed.stream().filter(f -> !aroundKill.contains(f)).toList(),
                    "failed requests other than those in flight at A's kill (B's graceful stop began "
                            + TimeUnit.NANOSECONDS.toMillis(stopAt - began) + " ms into the test)");
            assertTrue(aroundKill.size() <= WRITERS + VISITORS, "at most one request per client cut by the kill: "
                    + aroundKill);
            assertEquals(List.of(), load.notReadBack, "writers that did not read their own report back");
            assertEquals(load.ownReads.get(), load.ownFromPrimary.get(), "writers' reads within the cookie's time "
                    + "served by the primary");
            assertTrue(fromReplica * 4 >= reads && fromReplica > 0, "visitor lists served by the replica: "
                    + fromReplica + " of " + reads);
            assertEquals(acknowledged, onReplica, "the replica streamed every acknowledged report");

            // The replica's loss: reads go on from the primary, and readiness says so without leaving rotation.
            stopReplica(pgBin, replicaDir);
            replicaStarted = false;
            HttpClient visitor = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> list = visitor.send(Api.request(BASE + "/api/v1/reports?limit=5").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            assertEquals("primary", list.headers().firstValue("FMQ-Read-Source").orElse(null),
                    "a list read while the replica is down");
            Api.await(Duration.ofSeconds(30), () -> replicaDown(HTTP_PORTS[a]) && replicaDown(HTTP_PORTS[b]),
                    () -> "readiness never named the stopped replica: " + readiness(HTTP_PORTS[a]));
            System.out.println(TAG + "replica stopped: lists answered by the primary; readiness "
                    + readiness(HTTP_PORTS[a]) + "; whole test " + millis(began) + " ms");
        } finally {
            if (load != null) {
                load.stop();
            }
            if (balancer != null) {
                balancer.destroy();
                balancer.waitFor(10, TimeUnit.SECONDS);
                balancer.destroyForcibly();
            }
            stopAll(servers);
            if (replicaStarted) {
                stopReplica(pgBin, replicaDir);
            }
            try (Connection primary = connect(PRIMARY_URL + "postgres"); Statement statement = primary.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                if (hbaAdded) {
                    disallowReplication(primary);
                }
            } catch (SQLException | IOException e) {
                System.out.println(TAG + "cleaning up the primary: " + e);
            }
            deleteTree(scratch);
        }
    }

    /** @return the tool, found on the PATH or at one of the usual places; fails saying what to install */
    private static Path tool(String name, List<String> usual, String install) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, name));
        return Stream.concat(usual.stream().map(Path::of), onPath).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("The several-servers test needs " + name + ", which is not "
                        + "installed: " + install));
    }

    /** @return the folder of the primary's own version of pg_basebackup, postgres and pg_ctl */
    private static Path postgresBinaries() throws SQLException {
        int major;
        try (Connection primary = connect(PRIMARY_URL + "postgres"); Statement statement = primary.createStatement();
             ResultSet result = statement.executeQuery("SHOW server_version_num")) {
            result.next();
            major = Integer.parseInt(result.getString(1)) / 10000;
        }
        Path bin = Path.of("/usr/lib/postgresql", Integer.toString(major), "bin");
        for (String name : List.of("pg_basebackup", "postgres", "pg_ctl")) {
            if (!Files.isExecutable(bin.resolve(name))) {
                throw new AssertionError("The several-servers test makes a streaming replica of the PostgreSQL "
                        + major + " at 127.0.0.1:5432 and needs its " + name + " in " + bin + ", which is missing: "
                        + "install Debian's postgresql-" + major + " (pg_basebackup comes with postgresql-client-"
                        + major + ")");
            }
        }
        return bin;
    }

    private static Connection connect(String url) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        login.setProperty("connectTimeout", "5");
        try {
            return new org.postgresql.Driver().connect(url, login);
        } catch (SQLException e) {
            throw new SQLException("The several-servers test needs PostgreSQL at " + url + " (user postgres, a "
                    + "superuser): " + e.getMessage(), e);
        }
    }

    /**
     * Lets pg_basebackup connect from 127.0.0.1 when the primary's pg_hba.conf does not yet.
     *
     * @return whether a line was added, to be removed after the test
     */
    private static boolean allowReplication(Connection primary) throws SQLException, IOException {
        try (Statement statement = primary.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL "
                     + "AND type IN ('host', 'hostnossl') AND 'replication' = ANY(database) "
                     + "AND ('all' = ANY(user_name) OR 'postgres' = ANY(user_name)) "
                     + "AND address IN ('127.0.0.1', 'all', 'samehost') AND auth_method = 'trust'")) {
            result.next();
            if (result.getLong(1) > 0) {
                return false;
            }
        }
        Path hba = Path.of(show(primary, "hba_file"));
        if (!Files.isWritable(hba)) {
            fail("The PostgreSQL at 127.0.0.1:5432 allows no replication connection from 127.0.0.1 and its " + hba
                    + " is not writable here: add '" + HBA_LINE + "' to it and reload, or run the test as root");
        }
        // Before the other lines: the first matching line decides.
        List<String> lines = new ArrayList<>(Files.readAllLines(hba));
        lines.add(0, HBA_LINE);
        Files.write(hba, lines);
        reload(primary);
        System.out.println(TAG + "added to " + hba + ": " + HBA_LINE);
        return true;
    }

    private static void disallowReplication(Connection primary) throws SQLException, IOException {
        Path hba = Path.of(show(primary, "hba_file"));
        Files.write(hba, Files.readAllLines(hba).stream().filter(line -> !line.equals(HBA_LINE)).toList());
        reload(primary);
    }

    private static void reload(Connection primary) throws SQLException {
        try (Statement statement = primary.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    /** Copies the primary with pg_basebackup -R, starts the copy as a hot standby and waits for it to stream. */
    private static void makeReplica(Path bin, Path dir, Path log) throws Exception {
        int maxConnections;
        try (Connection primary = connect(PRIMARY_URL + "postgres")) {
            // A hot standby refuses to start with fewer connections than its primary has.
            maxConnections = Integer.parseInt(show(primary, "max_connections"));
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        givePostgres(dir);
        // A reload of pg_hba.conf takes effect asynchronously: the first try may still be refused.
        String refused = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            Result backup = run(asPostgres(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", "5432",
                    "-U", "postgres", "-D", dir.toString(), "-R", "-X", "stream", "--checkpoint=fast"));
            if (backup.exit() == 0) {
                refused = null;
                break;
            }
            refused = backup.output();
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    deleteTree(p);
                }
            }
            Thread.sleep(250);
        }
        if (refused != null) {
            fail("pg_basebackup could not copy the PostgreSQL at 127.0.0.1:5432: " + refused);
        }
        // Debian keeps postgresql.conf and pg_hba.conf outside the data folder: the copy gets its own.
        Files.writeString(dir.resolve("postgresql.conf"), String.join("\n",
                "port = " + REPLICA_PORT,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dir + "'",
                "max_connections = " + maxConnections,
                "hot_standby = on",
                "hot_standby_feedback = on",
                "ssl = off",
                "fsync = off",
                "shared_buffers = 32MB",
                ""));
        Files.writeString(dir.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        Files.writeString(dir.resolve("pg_ident.conf"), "");
        givePostgres(dir.resolve("pg_ident.conf"));
        Files.deleteIfExists(dir.resolve("postmaster.opts"));
        givePostgres(dir.resolve("postgresql.conf"));
        givePostgres(dir.resolve("pg_hba.conf"));
        Files.deleteIfExists(log);
        Files.createFile(log);
        givePostgres(log);
        Result started = run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-l", log.toString(),
                "-w", "-t", "60", "start"));
        if (started.exit() != 0) {
            fail("The replica did not start: " + started.output() + "\n" + Files.readString(log));
        }
        Api.await(Duration.ofSeconds(60), () -> streaming(), () -> "the replica at port " + REPLICA_PORT
                + " is not a streaming standby: " + readQuietly(log));
    }

    private static boolean streaming() {
        try (Connection replica = connect(REPLICA_URL + "postgres"); Statement statement = replica.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery(), (SELECT count(*) FROM "
                     + "pg_stat_wal_receiver WHERE status = 'streaming')")) {
            result.next();
            return result.getBoolean(1) && result.getLong(2) > 0;
        } catch (SQLException notYet) {
            return false;
        }
    }

    private static void stopReplica(Path bin, Path dir) {
        Result stopped = run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate",
                "-w", "-t", "30", "stop"));
        if (stopped.exit() != 0) {
            System.out.println(TAG + "stopping the replica: " + stopped.output());
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** PostgreSQL refuses to run as root: as root, the replica's commands run as the user postgres. */
    private static List<String> asPostgres(String... command) {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static void givePostgres(Path path) throws IOException {
        if (root()) {
            UserPrincipal postgres = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
                    "postgres");
            Files.setOwner(path, postgres);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) {
        try {
            // From a folder every user may enter: the replica's commands run as postgres.
            Process process = new ProcessBuilder(command).directory(new java.io.File("/")).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Starts server {@code i} (again) from the shipped jar, on the primary and its replica. */
    private static ServerProcess start(int i, Path work) {
        Path home = work.resolve("server-" + name(i));
        Map<String, String> env = settings(HTTP_PORTS[i]);
        env.put("FMQ_HTTPS_PORT", Integer.toString(HTTPS_PORTS[i]));
        env.put("FMQ_DATA_DIR", home.resolve("data").toString());
        env.put("FMQ_DB_URL", PRIMARY_URL + DATABASE);
        env.put("FMQ_DB_USER", "postgres");
        env.put("FMQ_DB_PASSWORD", "");
        env.put("FMQ_DB_REPLICA_URL", REPLICA_URL + DATABASE);
        return ServerProcess.start(ServerProcess.javaJar(JAR), home, env, work.resolve("server-" + name(i) + ".log"),
                "http://localhost:" + HTTP_PORTS[i]);
    }

    /** Starts nginx in the foreground with a configuration of the test's own, and waits for it to answer. */
    private static Process startNginx(Path nginx, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 512;
                }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client-body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream fixmyquarter {
                        server 127.0.0.1:%2$d max_fails=1 fail_timeout=2s;
                        server 127.0.0.1:%3$d max_fails=1 fail_timeout=2s;
                        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location = /nginx-health {
                            return 200 "ok\\n";
                        }
                        location / {
                            proxy_pass http://fixmyquarter;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 60s;
                            proxy_next_upstream error timeout http_502 http_503;
                            proxy_next_upstream_tries 2;
                            proxy_next_upstream_timeout 10s;
                        }
                    }
                }
                """.formatted(dir, HTTP_PORTS[0], HTTP_PORTS[1], NGINX_PORT));
        Process process = new ProcessBuilder(nginx.toString(), "-e", dir.resolve("error.log").toString(), "-p",
                dir.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        HttpClient client = HttpClient.newHttpClient();
        Api.await(Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("nginx stopped: " + readQuietly(dir.resolve("nginx.out"))
                        + readQuietly(dir.resolve("error.log")));
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create(BASE + "/nginx-health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> "nginx did not answer on port " + NGINX_PORT + ": " + readQuietly(dir.resolve("error.log")));
        return process;
    }

    /** @return the ids of those reports that the database at {@code url} holds */
    private static Set<String> stored(String url, Set<String> ids) throws SQLException {
        try (Connection connection = connect(url);
             PreparedStatement statement = connection.prepareStatement("SELECT id FROM fmq_report WHERE id = ANY(?)")) {
            Array array = connection.createArrayOf("varchar", ids.toArray());
            statement.setArray(1, array);
            Set<String> found = new HashSet<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    found.add(result.getString(1));
                }
            }
            return found;
        }
    }

    private static Set<String> storedQuietly(String url, Set<String> ids) {
        try {
            return stored(url, ids);
        } catch (SQLException e) {
            return Set.of();
        }
    }

    /** @return how many of the reports with these titles the primary holds */
    private static long storedTitles(String url, List<String> titles) throws SQLException {
        if (titles.isEmpty()) {
            return 0;
        }
        try (Connection connection = connect(url);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM fmq_report WHERE title = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", titles.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String readiness(int port) {
        return Api.get("http://localhost:" + port + "/health/ready").body();
    }

    private static boolean replicaDown(int port) {
        HttpResponse<String> ready = Api.get("http://localhost:" + port + "/health/ready");
        if (ready.statusCode() != 200) {
            return false;
        }
        JsonObject dependencies = Api.json(ready).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("dependencies")).findFirst().orElseThrow();
        return "UP".equals(dependencies.getString("status"))
                && dependencies.getJsonObject("data").getString("down", "").contains("database-replica");
    }

    private static void stopAll(ServerProcess[] servers) {
        List<Thread> stops = new ArrayList<>();
        for (ServerProcess server : servers) {
            if (server != null && server.isAlive()) {
                Thread stop = new Thread(() -> {
                    try {
                        server.terminate();
                    } catch (IllegalStateException e) {
                        System.out.println(TAG + e.getMessage());
                    }
                });
                stop.start();
                stops.add(stop);
            }
        }
        for (Thread stop : stops) {
            try {
                stop.join(ServerProcess.STOP_TIMEOUT.toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.println(TAG + "could not delete " + root + ": " + e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String name(int server) {
        return server == 0 ? "A" : "B";
    }

    private static long millis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** One request that got no proper answer: what it was, when it ran ({@link System#nanoTime()}), and why. */
    private record Outcome(String kind, String title, long started, long ended, String why) {
        @Override
        public String toString() {
            return kind + " " + why;
        }
    }

    /**
     * Writers create reports and read each back at once, by id and by searching its own word, with
     * the cookie their write left (each writer keeps its cookies, as a browser does); visitors list
     * the newest reports without any cookie. Every request goes through nginx, from an address of
     * its own.
     */
    private static final class Load {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final List<Outcome> failed = new CopyOnWriteArrayList<>();
        final List<String> otherAnswers = new CopyOnWriteArrayList<>();
        final List<String> notReadBack = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger ownReads = new AtomicInteger();
        final AtomicInteger ownFromPrimary = new AtomicInteger();
        final AtomicInteger visitorReads = new AtomicInteger();
        final AtomicInteger fromReplica = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + VISITORS);
        private final List<Future<?>> clients = new ArrayList<>();

        void start() {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                clients.add(pool.submit(() -> write(writer)));
            }
            for (int v = 0; v < VISITORS; v++) {
                clients.add(pool.submit(this::visit));
            }
        }

        void awaitAcknowledged(int count, String when) {
            Api.await(Duration.ofSeconds(120), () -> acknowledged.size() >= count || !running.get(),
                    () -> acknowledged.size() + " of " + count + " reports acknowledged " + when + "; failed " + failed
                            + "; other answers " + otherAnswers.stream().limit(5).toList());
        }

        void stop() throws Exception {
            if (running.getAndSet(false)) {
                for (Future<?> client : clients) {
                    client.get(90, TimeUnit.SECONDS);
                }
                pool.shutdown();
            }
        }

        private void write(int writer) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager()).build();
            int n = 0;
            while (running.get()) {
                String word = word();
                String title = "Cluster w" + writer + " n" + n++ + " " + word;
                HttpResponse<String> created = send(http, "create", title, Api.request(BASE + "/api/v1/reports")
                        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(Api.report(title, "pothole", 48.8566, 2.3522))));
                if (created == null) {
                    continue;
                }
                if (created.statusCode() != 201) {
                    otherAnswers.add("create " + created.statusCode() + " " + created.body());
                    continue;
                }
                String id = Api.json(created).getString("id");
                acknowledged.put(id, title);
                HttpResponse<String> byId = send(http, "own read", null, Api.request(BASE + "/api/v1/reports/" + id)
                        .GET());
                HttpResponse<String> search = send(http, "own search", null, Api.request(BASE + "/api/v1/reports?q="
                        + word).GET());
                for (HttpResponse<String> read : List.of(byId, search).stream().filter(r -> r != null).toList()) {
                    ownReads.incrementAndGet();
                    if ("primary".equals(read.headers().firstValue("FMQ-Read-Source").orElse(null))) {
                        ownFromPrimary.incrementAndGet();
                    }
                    if (read.statusCode() != 200 || !read.body().contains(id)) {
                        notReadBack.add(read.request().uri() + " " + read.statusCode() + " " + read.body());
                    }
                }
            }
        }

        private void visit() {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            while (running.get()) {
                HttpResponse<String> list = send(http, "visitor list", null, Api.request(BASE + "/api/v1/reports?limit=20")
                        .GET());
                if (list == null) {
                    continue;
                }
                if (list.statusCode() != 200) {
                    otherAnswers.add("visitor list " + list.statusCode() + " " + list.body());
                    continue;
                }
                visitorReads.incrementAndGet();
                if ("replica".equals(list.headers().firstValue("FMQ-Read-Source").orElse(null))) {
                    fromReplica.incrementAndGet();
                }
            }
        }

        /** @return the answer, or {@code null} when the request failed: no answer, or nginx's own 502/504 */
        private HttpResponse<String> send(HttpClient http, String kind, String title, HttpRequest.Builder request) {
            requests.incrementAndGet();
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 502 || response.statusCode() == 504) {
                    failed.add(new Outcome(kind, title, started, System.nanoTime(), "nginx " + response.statusCode()));
                    return null;
                }
                return response;
            } catch (IOException e) {
                failed.add(new Outcome(kind, title, started, System.nanoTime(), e.toString()));
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
                return null;
            }
        }

        private static String word() {
            StringBuilder word = new StringBuilder("zq");
            for (int i = 0; i < 10; i++) {
                word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
            }
            return word.toString();
        }
    }
}
