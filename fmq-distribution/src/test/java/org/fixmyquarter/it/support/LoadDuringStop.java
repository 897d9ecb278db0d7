package org.fixmyquarter.it.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.json.JsonException;

import org.fixmyquarter.it.support.People.Person;

/**
 * Citizens reporting problems while the server stops: what happened to each of their requests.
 *
 * <p>The contract of {@link #run(String, Runnable, Settings)}:
 * <ol>
 * <li>Before any load, it registers {@code clients × citizensPerClient} citizens at the server
 *     and signs them in (through the API, like {@link People}); it throws if that fails, so the
 *     server must be up and must let that many registrations and sign-ins through its rate limits
 *     (the test servers trust this machine as a proxy, and {@link Api#request} gives every request
 *     an address of its own).</li>
 * <li>It then starts {@code clients} clients at once. Each has an {@link HttpClient} of its own
 *     (HTTP/1.1, connections kept alive as a phone's would be) and, until it is told to end, posts
 *     one report after another to {@code /api/v1/reports}, signed in as its current citizen, each
 *     report with a new {@code Idempotency-Key}, pausing {@code pause} between two. After
 *     {@code reportsPerCitizen} accepted reports (the server's daily quota) it goes on as its next
 *     citizen; a client with no citizen left stops early (see {@link Result#clientsOutOfCitizens}).</li>
 * <li>After {@code warmUp}, it calls {@code stopper} on the calling thread. The stopper must return
 *     only once the server has stopped (for example {@code server stop}, or a SIGTERM followed by
 *     waiting for the process to exit); the load goes on meanwhile.</li>
 * <li>A client ends at its first refused connection after the stop began, or once the stopper has
 *     returned and its request in progress has ended. A request ends at the latest after
 *     {@code requestTimeout}, longer than Liberty's 30 s quiesce, so that a request the server cut
 *     is told from one that was merely slow.</li>
 * <li>It returns every request's {@link Outcome}, in no particular order, classified by
 *     {@link Kind}. It asserts nothing: the caller decides what may happen, typically "no request
 *     {@link Kind#CUT cut}, every {@link Kind#COMPLETED completed} report readable after the
 *     restart" ({@link #readBack}), and may retry any request with its key ({@link #retry}).</li>
 * </ol>
 * If the stopper throws, the clients are ended and its exception is rethrown.
 */
public final class LoadDuringStop {

    /** What became of one request. */
    public enum Kind {
        /** A 2xx answer, with the id of the report. */
        COMPLETED,
        /** The connection was refused: nothing was sent, so nothing can have been stored. */
        REFUSED,
        /** A 503 answer: the server said it could not take the request. */
        UNAVAILABLE,
        /**
         * An {@link IOException} after the request was sent (reset, closed without an answer, no
         * answer within {@code requestTimeout}): the client cannot know whether it was stored.
         */
        CUT,
        /** Any other answer (429 when the quota or a rate limit is reached, 409, 500...). */
        OTHER_STATUS
    }

    /**
     * One request.
     *
     * @param citizen          who sent it
     * @param idempotencyKey   its key
     * @param body             its JSON body
     * @param kind             what became of it
     * @param status           the HTTP status, or 0 if there was no answer
     * @param reportId         the id of the created report, for {@link Kind#COMPLETED} only
     * @param detail           the exception or the start of the answer's body, for the other kinds
     * @param sent             when it was sent
     * @param ended            when its answer or failure came
     * @param afterStopBegan   whether it was sent after the stopper was called
     */
    public record Outcome(Person citizen, String idempotencyKey, String body, Kind kind, int status, String reportId,
                          String detail, Instant sent, Instant ended, boolean afterStopBegan) {

        @Override
        public String toString() {
            return kind + (status == 0 ? "" : " " + status) + (reportId == null ? "" : " " + reportId)
                    + (afterStopBegan ? " (sent after the stop began)" : "") + (detail == null ? "" : ": " + detail);
        }
    }

    /**
     * Everything that happened.
     *
     * @param outcomes             every request, in no particular order
     * @param stopBegan            when the stopper was called
     * @param stopEnded            when it returned
     * @param clientsOutOfCitizens clients that ran out of citizens before the end, and so sent nothing more
     */
    public record Result(List<Outcome> outcomes, Instant stopBegan, Instant stopEnded, int clientsOutOfCitizens) {

        /** @return the outcomes of one kind */
        public List<Outcome> of(Kind kind) {
            return outcomes.stream().filter(o -> o.kind() == kind).collect(Collectors.toList());
        }

        /** @return the outcomes sent after the stop began */
        public List<Outcome> afterStopBegan() {
            return outcomes.stream().filter(Outcome::afterStopBegan).collect(Collectors.toList());
        }

        /** @return one line: how many of each kind, and how many of those were sent after the stop began */
        public String summary() {
            Map<Kind, long[]> counts = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                counts.put(kind, new long[2]);
            }
            for (Outcome o : outcomes) {
                counts.get(o.kind())[o.afterStopBegan() ? 1 : 0]++;
            }
            return counts.entrySet().stream()
                    .map(e -> e.getKey() + " " + (e.getValue()[0] + e.getValue()[1]) + " (" + e.getValue()[1]
                            + " after the stop began)")
                    .collect(Collectors.joining(", ", outcomes.size() + " requests in "
                            + Duration.between(stopBegan, stopEnded).toMillis() + " ms of stopping: ", ""))
                    + (clientsOutOfCitizens == 0 ? "" : "; " + clientsOutOfCitizens + " client(s) ran out of citizens");
        }
    }

    /**
     * How much load.
     *
     * @param clients           clients posting at once
     * @param citizensPerClient citizens each client registers beforehand and posts as, one after the other
     * @param reportsPerCitizen accepted reports after which a client goes on as its next citizen: the
     *                          server's {@code fmq.quota.reports-per-day}
     * @param pause             between two requests of one client
     * @param warmUp            load before the stopper is called
     * @param requestTimeout    the longest wait for one answer
     */
    public record Settings(int clients, int citizensPerClient, int reportsPerCitizen, Duration pause,
                           Duration warmUp, Duration requestTimeout) {

        /**
         * 8 clients, each with 8 citizens of 5 reports (the test servers' quota), a report every
         * 100 ms or so: up to about 5 s of load, 1 s of it before the stop; up to 60 s for an answer.
         */
        public static final Settings DEFAULTS = new Settings(8, 8, 5, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(60));

        /** Checks the values. */
        public Settings {
            Objects.requireNonNull(pause, "pause");
            Objects.requireNonNull(warmUp, "warmUp");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (clients < 1 || citizensPerClient < 1 || reportsPerCitizen < 1) {
                throw new IllegalArgumentException("at least one client, citizen and report each");
            }
        }
    }

    private LoadDuringStop() {
    }

    /**
     * {@link #run(String, Runnable, Settings)} with {@link Settings#DEFAULTS}.
     *
     * @param baseUrl the server, e.g. {@code http://localhost:9480}
     * @param stopper stops the server and returns once it has stopped
     * @return every request's outcome
     */
    public static Result run(String baseUrl, Runnable stopper) {
        return run(baseUrl, stopper, Settings.DEFAULTS);
    }

    /**
     * Posts reports as citizens from many clients while {@code stopper} stops the server; see the
     * class description for the contract.
     *
     * @param baseUrl  the server, e.g. {@code http://localhost:9480}
     * @param stopper  stops the server and returns once it has stopped
     * @param settings how much load
     * @return every request's outcome
     */
    public static Result run(String baseUrl, Runnable stopper, Settings settings) {
        List<List<Person>> citizens = register(baseUrl, settings);
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        Clients clients = new Clients();
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
        List<Future<Boolean>> done = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(settings.clients());
        for (List<Person> own : citizens) {
            done.add(pool.submit(() -> client(baseUrl, own, settings, clients, outcomes, ready)));
        }
        Instant stopEnded;
        try {
            await(ready);
            sleep(settings.warmUp());
            clients.stopBegan = Instant.now();
            try {
                stopper.run();
            } finally {
                stopEnded = Instant.now();
            }
        } finally {
            clients.stopEnded = true;
            pool.shutdown();
        }
        int outOfCitizens = 0;
        for (Future<Boolean> client : done) {
            try {
                if (!client.get(settings.requestTimeout().toSeconds() + 30, TimeUnit.SECONDS)) {
                    outOfCitizens++;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("A client of the load failed", e.getCause());
            } catch (Exception e) {
                throw new IllegalStateException("A client of the load did not end", e);
            }
        }
        synchronized (outcomes) {
            return new Result(List.copyOf(outcomes), clients.stopBegan, stopEnded, outOfCitizens);
        }
    }

    /**
     * Sends a request again with its key, body and citizen, as a client does after a failure.
     *
     * @param baseUrl the server
     * @param outcome the first request
     * @return the server's answer; an {@link IllegalStateException} if it gave none
     */
    public static HttpResponse<String> retry(String baseUrl, Outcome outcome) {
        return Api.send(post(baseUrl, outcome.citizen(), outcome.idempotencyKey(), outcome.body(), Duration.ofSeconds(30)));
    }

    /**
     * Reads a completed request's report back.
     *
     * @param baseUrl the server
     * @param outcome a {@link Kind#COMPLETED} request
     * @return the answer to {@code GET /api/v1/reports/{id}}
     */
    public static HttpResponse<String> readBack(String baseUrl, Outcome outcome) {
        if (outcome.reportId() == null) {
            throw new IllegalArgumentException("No report was created by " + outcome);
        }
        return Api.send(Api.request(baseUrl + "/api/v1/reports/" + outcome.reportId()).GET().build());
    }

    /** Shared state of the clients. */
    private static final class Clients {
        volatile Instant stopBegan;
        volatile boolean stopEnded;
    }

    private static List<List<Person>> register(String baseUrl, Settings settings) {
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
        try {
            List<Future<List<Person>>> futures = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    List<Person> own = new ArrayList<>();
                    for (int i = 0; i < settings.citizensPerClient(); i++) {
                        own.add(People.citizen(baseUrl, "Stopper " + client + " " + i, null, null));
                    }
                    return own;
                }));
            }
            List<List<Person>> all = new ArrayList<>();
            for (Future<List<Person>> future : futures) {
                all.add(future.get());
            }
            return all;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Registering the citizens of the load failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return {@code false} if the client ran out of citizens before the end */
    private static boolean client(String baseUrl, List<Person> citizens, Settings settings, Clients clients,
                                  List<Outcome> outcomes, CountDownLatch ready) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int citizen = 0;
        int accepted = 0;
        ready.countDown();
        while (!clients.stopEnded) {
            if (accepted == settings.reportsPerCitizen()) {
                citizen++;
                accepted = 0;
                if (citizen == citizens.size()) {
                    return false;
                }
            }
            Person who = citizens.get(citizen);
            Outcome outcome = send(http, baseUrl, who, settings.requestTimeout(), clients.stopBegan);
            outcomes.add(outcome);
            if (outcome.kind() == Kind.COMPLETED) {
                accepted++;
            }
            if (outcome.kind() == Kind.REFUSED && clients.stopBegan != null) {
                return true;
            }
            sleep(settings.pause());
        }
        return true;
    }

    private static Outcome send(HttpClient http, String baseUrl, Person who, Duration timeout, Instant stopBegan) {
        String key = UUID.randomUUID().toString();
        String body = Api.report("Stop test " + key.substring(0, 8), "road", 48.8566, 2.3522);
        Instant sent = Instant.now();
        boolean afterStopBegan = stopBegan != null;
        try {
            HttpResponse<String> response = http.send(post(baseUrl, who, key, body, timeout),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome(who, key, body, Kind.COMPLETED, status, reportId(response), null, sent, Instant.now(),
                        afterStopBegan);
            }
            String start = response.body().substring(0, Math.min(200, response.body().length()));
            return new Outcome(who, key, body, status == 503 ? Kind.UNAVAILABLE : Kind.OTHER_STATUS, status, null,
                    start, sent, Instant.now(), afterStopBegan);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return new Outcome(who, key, body, Kind.REFUSED, 0, null, e.toString(), sent, Instant.now(), afterStopBegan);
        } catch (IOException e) {
            return new Outcome(who, key, body, Kind.CUT, 0, null, e.toString(), sent, Instant.now(), afterStopBegan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String reportId(HttpResponse<String> response) {
        try {
            return Api.json(response).getString("id");
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new IllegalStateException("A 2xx answer without a report id: " + response.body(), e);
        }
    }

    private static HttpRequest post(String baseUrl, Person who, String key, String body, Duration timeout) {
        return Api.request(baseUrl + "/api/v1/reports").timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + who.token())
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
