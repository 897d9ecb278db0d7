package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.BadCredentials;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the API against every role, and anonymous, from one table: the expected
 * status of each call; and every endpoint with every kind of bad credentials, always {@code 401}. The table must name every operation of the OpenAPI document, so a new
 * endpoint fails this test until its roles are written here.
 */
class AuthorizationMatrixIT {

    /** Who calls. */
    enum Caller { ANONYMOUS, CITIZEN, MODERATOR, OPERATOR, ADMINISTRATOR }

    private static final String PASSWORD = "a long enough password";
    private static final Map<Caller, String> TOKENS = new EnumMap<>(Caller.class);
    private static String someUserId;

    /** One row: an operation, how to call it, and the status each caller gets. */
    private record Row(String method, String path, Function<Caller, HttpRequest.Builder> call, int anonymous,
                       int citizen, int moderator, int operator, int administrator) {

        int expected(Caller caller) {
            switch (caller) {
                case ANONYMOUS:
                    return anonymous;
                case CITIZEN:
                    return citizen;
                case MODERATOR:
                    return moderator;
                case OPERATOR:
                    return operator;
                default:
                    return administrator;
            }
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final int OK = 200;
    private static final int CREATED = 201;
    private static final int UNAUTHENTICATED = 401;
    private static final int FORBIDDEN = 403;
    private static final int NO_CONTENT = 204;
    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int ACCEPTED = 202;
    private static final int BAD_REQUEST = 400;
    private static final int UNAVAILABLE = 503;
    /** The Liberty test servers send mail (their e-mail channel is on); the shipped jar of the jar pass does not. */
    private static final boolean SENDS_MAIL = System.getProperty("fmq.it.jar") == null;
    private static final boolean ON_H2 = !"postgresql".equals(System.getProperty("fmq.it.database"));
    private static final String AREA = "{\"name\":\"Matrix\",\"lat\":45.75,\"lon\":4.83,\"radius\":300}";
    private static final String FLAG = "{\"reason\":\"spam\"}";
    private static final String REASON = "{\"reason\":\"matrix\"}";

    private static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        rows.add(all("GET", "/api/v1/reports", c -> get("/api/v1/reports"), OK));
        rows.add(all("GET", "/api/v1/reports/similar", c -> get("/api/v1/reports/similar?lat=45.75&lon=4.83"
                + "&category=pothole"), OK));
        rows.add(all("POST", "/api/v1/reports", c -> post("/api/v1/reports",
                "{\"title\":\"Matrix\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}"), CREATED));
        rows.add(all("GET", "/api/v1/reports/{id}", c -> get("/api/v1/reports/" + newReport()), OK));
        rows.add(new Row("POST", "/api/v1/reports/{id}/status", c -> post("/api/v1/reports/" + newReport() + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"matrix\"}"), UNAUTHENTICATED, FORBIDDEN, OK, OK, OK));
        rows.add(signedIn("GET", "/api/v1/reports/{id}/vote", c -> get("/api/v1/reports/" + newReport() + "/vote")));
        rows.add(signedIn("POST", "/api/v1/reports/{id}/vote", c -> post("/api/v1/reports/" + newReport() + "/vote", "")));
        rows.add(signedIn("DELETE", "/api/v1/reports/{id}/vote", c -> request("/api/v1/reports/" + newReport()
                + "/vote").DELETE()));
        rows.add(all("GET", "/api/v1/reports/{id}/comments", c -> get("/api/v1/reports/" + newReport() + "/comments"), OK));
        rows.add(new Row("POST", "/api/v1/reports/{id}/comments", c -> post("/api/v1/reports/" + newReport()
                + "/comments", "{\"text\":\"matrix\"}"), UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED));
        // One's own comment: written by the caller just before; someone else's: the citizen's.
        rows.add(signedIn("PATCH", "/api/v1/reports/{id}/comments/{commentId}", c -> request(comment(c))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"text\":\"edited\"}"))));
        rows.add(new Row("PATCH", "/api/v1/reports/{id}/comments/{commentId}", c -> request(comment(Caller.CITIZEN))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"text\":\"not yours\"}")), UNAUTHENTICATED, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        rows.add(new Row("DELETE", "/api/v1/reports/{id}/comments/{commentId}", c -> request(comment(c)).DELETE(),
                UNAUTHENTICATED, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT));
        // Official replies: operators and administrators only.
        rows.add(new Row("POST", "/api/v1/reports/{id}/comments", c -> post("/api/v1/reports/" + newReport()
                + "/comments", "{\"text\":\"matrix\",\"official\":true}"), UNAUTHENTICATED, FORBIDDEN, FORBIDDEN,
                CREATED, CREATED));
        rows.add(new Row("POST", "/api/v1/reports/{id}/assignment", c -> post("/api/v1/reports/" + newReport()
                + "/assignment", "{\"team\":\"Roads\",\"reason\":\"matrix\"}"), UNAUTHENTICATED, FORBIDDEN, FORBIDDEN,
                OK, OK));
        rows.add(signedIn("POST", "/api/v1/reports/{id}/follow", c -> post("/api/v1/reports/" + newReport() + "/follow", "")));
        rows.add(signedIn("DELETE", "/api/v1/reports/{id}/follow", c -> request("/api/v1/reports/" + newReport()
                + "/follow").DELETE()));
        rows.add(signedIn("GET", "/api/v1/me/notifications", c -> get("/api/v1/me/notifications")));
        // Only one's own notifications can be marked: an id that is not the caller's is not found.
        rows.add(new Row("POST", "/api/v1/me/notifications/{notificationId}/read", c -> post(
                "/api/v1/me/notifications/not-mine/read", ""), UNAUTHENTICATED, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                NOT_FOUND));
        rows.add(signedIn("POST", "/api/v1/me/notifications/read-all", c -> post("/api/v1/me/notifications/read-all", "")));
        rows.add(signedIn("GET", "/api/v1/me/following", c -> get("/api/v1/me/following")));
        rows.add(new Row("POST", "/api/v1/me/following/areas", c -> post("/api/v1/me/following/areas", AREA),
                UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED));
        // One's own area, followed by the caller just before.
        rows.add(new Row("DELETE", "/api/v1/me/following/areas/{areaId}", c -> request(area(c)).DELETE(),
                UNAUTHENTICATED, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT));
        rows.add(all("GET", "/api/v1/reports/{id}/history", c -> get("/api/v1/reports/" + newReport() + "/history"), OK));
        rows.add(all("GET", "/api/v1/categories", c -> get("/api/v1/categories"), OK));
        rows.add(all("GET", "/api/v1/languages", c -> get("/api/v1/languages"), OK));
        // The web page's reads: public, for everyone alike.
        rows.add(all("GET", "/api/v1/languages/{tag}/texts", c -> get("/api/v1/languages/ar/texts"), OK));
        rows.add(all("GET", "/api/v1/site", c -> get("/api/v1/site"), OK));
        rows.add(all("GET", "/api/v1/reports/clusters", c -> get("/api/v1/reports/clusters?bbox=4.8,45.7,4.9,45.8&zoom=14"),
                OK));
        rows.add(all("POST", "/api/v1/auth/register", c -> post("/api/v1/auth/register", registration()), CREATED));
        rows.add(all("POST", "/api/v1/auth/login", c -> post("/api/v1/auth/login", Json.createObjectBuilder()
                .add("email", System.getProperty("fmq.it.admin-email", "admin@it.example"))
                .add("password", System.getProperty("fmq.it.admin-password", "it-admin-password")).build().toString()), OK));
        // Public, but a provider token is needed: a bad one is refused the same way for everyone (OidcIT has the rest).
        rows.add(all("POST", "/api/v1/auth/token-exchange", c -> post("/api/v1/auth/token-exchange",
                "{\"subject_token\":\"not-a-token\"}"), UNAUTHENTICATED));
        // A bad provider token is refused for every signed-in caller; OidcIT links real ones.
        rows.add(new Row("POST", "/api/v1/auth/me/identities", c -> post("/api/v1/auth/me/identities",
                "{\"subject_token\":\"not-a-token\",\"password\":\"" + PASSWORD + "\"}"), UNAUTHENTICATED,
                UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED));
        // Always the caller's own identities.
        rows.add(signedIn("GET", "/api/v1/auth/me/identities", c -> get("/api/v1/auth/me/identities")));
        // Nobody's link has this id: each caller can only unlink its own.
        rows.add(new Row("DELETE", "/api/v1/auth/me/identities/{id}", c -> request("/api/v1/auth/me/identities/"
                + "not-mine").DELETE(), UNAUTHENTICATED, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND));
        // Public: the mailed token is the proof, and the answer never tells whether an address has an account.
        rows.add(all("POST", "/api/v1/auth/verify-email", c -> post("/api/v1/auth/verify-email",
                "{\"token\":\"not-a-token\"}"), BAD_REQUEST));
        rows.add(all("POST", "/api/v1/auth/verify-email/resend", c -> post("/api/v1/auth/verify-email/resend",
                "{\"email\":\"nobody@example.org\"}"), ACCEPTED));
        rows.add(all("POST", "/api/v1/auth/password-reset", c -> post("/api/v1/auth/password-reset",
                "{\"email\":\"nobody@example.org\"}"), SENDS_MAIL ? ACCEPTED : UNAVAILABLE));
        rows.add(all("POST", "/api/v1/auth/password-reset/confirm", c -> post("/api/v1/auth/password-reset/confirm",
                "{\"token\":\"not-a-token\",\"password\":\"a long enough password\"}"), BAD_REQUEST));
        rows.add(signedIn("POST", "/api/v1/auth/refresh", c -> post("/api/v1/auth/refresh", "{}")));
        rows.add(signedIn("GET", "/api/v1/auth/me", c -> get("/api/v1/auth/me")));
        // Each in a session of its own (see ownSession), so that the callers' tokens stay valid.
        rows.add(new Row("POST", "/api/v1/auth/logout", c -> post("/api/v1/auth/logout", "{}"),
                UNAUTHENTICATED, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT));
        rows.add(new Row("POST", "/api/v1/auth/logout-everywhere", c -> post("/api/v1/auth/logout-everywhere", "{}"),
                UNAUTHENTICATED, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT));
        // Always the caller's own account: there is no id to point at another one.
        rows.add(signedIn("PATCH", "/api/v1/auth/me", c -> request("/api/v1/auth/me")
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))));
        rows.add(all("GET", "/api/v1/auth/jwks", c -> get("/api/v1/auth/jwks"), OK));
        // The second factor of the caller's own account: enrolling gives a secret to confirm, and
        // counts for nothing until confirmed (SecondFactorIT confirms with real codes).
        rows.add(signedIn("POST", "/api/v1/auth/me/second-factor", c -> post("/api/v1/auth/me/second-factor",
                "{\"password\":\"" + passwordOf(c) + "\"}")));
        rows.add(new Row("POST", "/api/v1/auth/me/second-factor/confirm", c -> post(
                "/api/v1/auth/me/second-factor/confirm", "{\"code\":\"not a code\"}"), UNAUTHENTICATED, BAD_REQUEST,
                BAD_REQUEST, BAD_REQUEST, BAD_REQUEST));
        // Without a confirmed factor, only the password is checked and nothing changes.
        rows.add(new Row("DELETE", "/api/v1/auth/me/second-factor", c -> request("/api/v1/auth/me/second-factor")
                .header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(
                        "{\"password\":\"" + passwordOf(c) + "\"}")), UNAUTHENTICATED, NO_CONTENT, NO_CONTENT,
                NO_CONTENT, NO_CONTENT));
        rows.add(admin("DELETE", "/api/v1/admin/users/{id}/second-factor", c -> request("/api/v1/admin/users/"
                + someUserId + "/second-factor").DELETE(), NO_CONTENT));
        rows.add(admin("GET", "/api/v1/admin/plugins", c -> get("/api/v1/admin/plugins"), OK));
        rows.add(admin("GET", "/api/v1/admin/users", c -> get("/api/v1/admin/users"), OK));
        rows.add(admin("GET", "/api/v1/admin/users/{id}", c -> get("/api/v1/admin/users/" + someUserId), OK));
        rows.add(admin("POST", "/api/v1/admin/users/{id}/roles", c -> post("/api/v1/admin/users/" + someUserId
                + "/roles", "{\"role\":\"citizen\"}"), CREATED));
        rows.add(admin("DELETE", "/api/v1/admin/users/{id}/roles/{grantId}", c -> request("/api/v1/admin/users/"
                + someUserId + "/roles/" + grantToRemove()).DELETE(), OK));
        rows.add(admin("GET", "/api/v1/admin/audit", c -> get("/api/v1/admin/audit"), OK));
        // Only the embedded H2 database is copied online; on PostgreSQL administrators are sent to pg_dump.
        rows.add(admin("GET", "/api/v1/admin/backup", c -> get("/api/v1/admin/backup"), ON_H2 ? OK : CONFLICT));
        // Webhooks and deliveries: administrators only. Refused callers never reach a webhook, so the
        // shared one stands for any; the administrator's DELETE removes one made for it.
        rows.add(admin("POST", "/api/v1/admin/webhooks", c -> post("/api/v1/admin/webhooks", WEBHOOK), CREATED));
        rows.add(admin("GET", "/api/v1/admin/webhooks", c -> get("/api/v1/admin/webhooks"), OK));
        rows.add(admin("GET", "/api/v1/admin/webhooks/{id}", c -> get("/api/v1/admin/webhooks/" + sharedWebhook()), OK));
        rows.add(admin("PATCH", "/api/v1/admin/webhooks/{id}", c -> request("/api/v1/admin/webhooks/" + sharedWebhook())
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"description\":\"matrix\"}")), OK));
        rows.add(admin("DELETE", "/api/v1/admin/webhooks/{id}", c -> request("/api/v1/admin/webhooks/"
                + (c == Caller.ADMINISTRATOR ? newWebhook() : sharedWebhook())).DELETE(), NO_CONTENT));
        rows.add(admin("POST", "/api/v1/admin/webhooks/{id}/rotate-secret", c -> post("/api/v1/admin/webhooks/"
                + sharedWebhook() + "/rotate-secret", ""), OK));
        rows.add(admin("GET", "/api/v1/admin/deliveries", c -> get("/api/v1/admin/deliveries?state=dead"), OK));
        // No delivery has this id: a dead one to replay is WebhooksIT's.
        rows.add(admin("POST", "/api/v1/admin/deliveries/{id}/replay", c -> post(
                "/api/v1/admin/deliveries/no-such-delivery/replay", ""), NOT_FOUND));
        rows.add(admin("POST", "/api/v1/admin/deliveries/replay", c -> post("/api/v1/admin/deliveries/replay",
                "{\"target\":\"webhook/none\"}"), OK));
        // Areas: anyone reads them; administrators import, change and retire them. The shared area
        // stands for any; the administrator's DELETE retires one made for it.
        rows.add(all("GET", "/api/v1/areas", c -> get("/api/v1/areas"), OK));
        rows.add(all("GET", "/api/v1/areas/boundaries", c -> get("/api/v1/areas/boundaries"), OK));
        rows.add(all("GET", "/api/v1/areas/{id}", c -> get("/api/v1/areas/" + sharedArea()), OK));
        rows.add(admin("POST", "/api/v1/admin/areas", c -> post("/api/v1/admin/areas", AREAS), CREATED));
        rows.add(admin("PATCH", "/api/v1/admin/areas/{id}", c -> request("/api/v1/admin/areas/" + sharedArea())
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"timeZone\":\"Atlantic/Azores\"}")), OK));
        rows.add(admin("DELETE", "/api/v1/admin/areas/{id}", c -> request("/api/v1/admin/areas/"
                + (c == Caller.ADMINISTRATOR ? newArea() : sharedArea())).DELETE(), NO_CONTENT));
        // Bodies: anyone reads them; administrators create, list with their delivery, change and
        // retire them (the administrator's DELETE retires one made for it). The matrix's bodies have
        // no rule and are no default, so they route no other test's report.
        rows.add(all("GET", "/api/v1/bodies", c -> get("/api/v1/bodies"), OK));
        rows.add(all("GET", "/api/v1/bodies/{id}", c -> get("/api/v1/bodies/" + sharedBody()), OK));
        rows.add(all("GET", "/api/v1/bodies/{id}/service-levels",
                c -> get("/api/v1/bodies/" + sharedBody() + "/service-levels"), OK));
        rows.add(admin("POST", "/api/v1/admin/bodies", c -> post("/api/v1/admin/bodies", BODY), CREATED));
        rows.add(admin("GET", "/api/v1/admin/bodies", c -> get("/api/v1/admin/bodies"), OK));
        rows.add(admin("PATCH", "/api/v1/admin/bodies/{id}", c -> request("/api/v1/admin/bodies/" + sharedBody())
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Matrix body\"}")), OK));
        rows.add(admin("DELETE", "/api/v1/admin/bodies/{id}", c -> request("/api/v1/admin/bodies/"
                + (c == Caller.ADMINISTRATOR ? newBody() : sharedBody())).DELETE(), NO_CONTENT));
        // Handing a report over: operators and administrators (an operator of one body: BodiesIT).
        rows.add(new Row("POST", "/api/v1/reports/{id}/body", c -> post("/api/v1/reports/" + newReport() + "/body",
                "{\"body\":\"" + sharedBody() + "\",\"reason\":\"matrix\"}"), UNAUTHENTICATED, FORBIDDEN,
                FORBIDDEN, OK, OK));
        // Open311 API keys: administrators only; the administrator's DELETE revokes one made for it.
        rows.add(admin("POST", "/api/v1/admin/api-keys", c -> post("/api/v1/admin/api-keys", "{\"name\":\"matrix\"}"),
                CREATED));
        rows.add(admin("GET", "/api/v1/admin/api-keys", c -> get("/api/v1/admin/api-keys"), OK));
        rows.add(admin("DELETE", "/api/v1/admin/api-keys/{id}", c -> request("/api/v1/admin/api-keys/" + newApiKey())
                .DELETE(), NO_CONTENT));
        // Moderation: anyone signed in flags; moderators and administrators act, operators do not.
        rows.add(new Row("POST", "/api/v1/reports/{id}/flags", c -> post("/api/v1/reports/" + newReport() + "/flags",
                FLAG), UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED));
        rows.add(new Row("POST", "/api/v1/reports/{id}/comments/{commentId}/flags", c -> post(comment(Caller.CITIZEN)
                + "/flags", FLAG), UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED));
        rows.add(moderation("GET", "/api/v1/moderation/flags", c -> get("/api/v1/moderation/flags")));
        rows.add(moderation("POST", "/api/v1/moderation/flags/dismiss", c -> post("/api/v1/moderation/flags/dismiss",
                "{\"reportId\":\"" + newReport() + "\",\"reason\":\"matrix\"}")));
        for (String action : new String[] {"hide", "unhide"}) {
            rows.add(moderation("POST", "/api/v1/moderation/reports/{id}/" + action, c -> post(
                    "/api/v1/moderation/reports/" + newReport() + "/" + action, REASON)));
            rows.add(moderation("POST", "/api/v1/moderation/comments/{commentId}/" + action, c -> post(
                    "/api/v1/moderation/comments/" + commentId(comment(Caller.CITIZEN)) + "/" + action, REASON)));
        }
        rows.add(moderation("POST", "/api/v1/moderation/reports/{id}/merge", c -> post("/api/v1/moderation/reports/"
                + newReport() + "/merge", "{\"into\":\"" + newReport() + "\",\"reason\":\"matrix\"}")));
        // Photos: a report's author and staff add them, a comment's author to the comment; who
        // uploaded one deletes it, and so do moderators and administrators.
        rows.add(new Row("POST", "/api/v1/reports/{id}/photos", c -> photo("/api/v1/reports/" + newReport()
                + "/photos"), UNAUTHENTICATED, FORBIDDEN, CREATED, CREATED, CREATED));
        rows.add(new Row("POST", "/api/v1/reports/{id}/photos", c -> photo("/api/v1/reports/" + ownReport(c)
                + "/photos"), UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED));
        rows.add(new Row("POST", "/api/v1/reports/{id}/comments/{commentId}/photos", c -> photo(comment(c)
                + "/photos"), UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED));
        rows.add(new Row("POST", "/api/v1/reports/{id}/comments/{commentId}/photos", c -> photo(
                comment(Caller.CITIZEN) + "/photos"), UNAUTHENTICATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        rows.add(all("GET", "/api/v1/reports/{id}/photos", c -> get(readyPhoto()[0]), OK));
        rows.add(all("GET", "/api/v1/reports/{id}/photos/{photoId}", c -> get(readyPhoto()[1]), OK));
        rows.add(all("GET", "/api/v1/media/{name}", c -> get(readyPhoto()[2]), OK));
        rows.add(new Row("DELETE", "/api/v1/reports/{id}/photos/{photoId}", c -> request(citizensPhoto()).DELETE(),
                UNAUTHENTICATED, NO_CONTENT, NO_CONTENT, FORBIDDEN, NO_CONTENT));
        for (String action : new String[] {"hide", "unhide"}) {
            rows.add(moderation("POST", "/api/v1/moderation/photos/{photoId}/" + action, c -> post(
                    "/api/v1/moderation/photos/" + photoId(citizensPhoto()) + "/" + action, REASON)));
        }
        rows.add(moderation("POST", "/api/v1/moderation/photos/{photoId}/redact", c -> post(
                "/api/v1/moderation/photos/" + photoId(readyPhotoOf(Caller.CITIZEN)[1]) + "/redact",
                "{\"regions\":[{\"x\":0.1,\"y\":0.1,\"width\":0.3,\"height\":0.2}],\"reason\":\"matrix\"}")));
        return rows;
    }

    /** @return the password of the caller's account (the first administrator's is the test server's setting) */
    private static String passwordOf(Caller caller) {
        return caller == Caller.ADMINISTRATOR ? System.getProperty("fmq.it.admin-password", "it-admin-password")
                : PASSWORD;
    }

    private static Row all(String method, String path, Function<Caller, HttpRequest.Builder> call, int status) {
        return new Row(method, path, call, status, status, status, status, status);
    }

    private static Row signedIn(String method, String path, Function<Caller, HttpRequest.Builder> call) {
        return new Row(method, path, call, UNAUTHENTICATED, OK, OK, OK, OK);
    }

    private static Row moderation(String method, String path, Function<Caller, HttpRequest.Builder> call) {
        return new Row(method, path, call, UNAUTHENTICATED, FORBIDDEN, OK, FORBIDDEN, OK);
    }

    private static Row admin(String method, String path, Function<Caller, HttpRequest.Builder> call, int status) {
        return new Row(method, path, call, UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, status);
    }

    private static HttpRequest.Builder photo(String path) {
        return request(path).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(120, 90)));
    }

    private static final Map<Caller, String> OWN_REPORTS = new EnumMap<>(Caller.class);

    /**
     * A report of the caller's own (a new anonymous one for anonymous), its id: one per caller,
     * since the test servers let a person file five reports a day.
     */
    private static synchronized String ownReport(Caller author) {
        if (author == Caller.ANONYMOUS) {
            return newReport();
        }
        return OWN_REPORTS.computeIfAbsent(author, a -> json(postJson("/api/v1/reports", "{\"title\":\"Matrix "
                + "photos\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}", TOKENS.get(a)))
                .getString("id"));
    }

    /**
     * A photo the citizen just attached to a comment of theirs (no report of theirs: reports are
     * counted by the day), as its URL path under its report; it may still be processing.
     */
    private static String citizensPhoto() {
        String comment = comment(Caller.CITIZEN);
        String id = json(send(photo(comment + "/photos").header("Authorization", "Bearer "
                + TOKENS.get(Caller.CITIZEN)).build())).getString("id");
        return comment.substring(0, comment.indexOf("/comments/")) + "/photos/" + id;
    }

    private static String photoId(String photoPath) {
        return photoPath.substring(photoPath.lastIndexOf('/') + 1);
    }

    private static String[] shared;

    /** One photo every reader may see, made once: its report's photo list, the photo, its thumbnail (paths). */
    private static synchronized String[] readyPhoto() {
        if (shared == null) {
            String photos = "/api/v1/reports/" + ownReport(Caller.ADMINISTRATOR) + "/photos";
            shared = ready(photos, photos, Caller.ADMINISTRATOR);
        }
        return shared;
    }

    /** A new photo the uploader attached to a comment of theirs, once its files are made. */
    private static String[] readyPhotoOf(Caller uploader) {
        String comment = comment(uploader);
        return ready(comment + "/photos", comment.substring(0, comment.indexOf("/comments/")) + "/photos", uploader);
    }

    /** Uploads a photo and waits for its files: the photo list, the photo and its thumbnail, as paths. */
    private static String[] ready(String uploadTo, String photos, Caller uploader) {
        String token = TOKENS.get(uploader);
        String photo = photos + "/" + json(send(request(uploadTo).header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(
                        TestImages.photoLikeJpeg(400, 300))).build())).getString("id");
        JsonObject[] ready = new JsonObject[1];
        await(Duration.ofSeconds(90), () -> {
            ready[0] = json(getAs(photo, token));
            return "ready".equals(ready[0].getString("state"));
        }, () -> photo + " is not ready: " + ready[0]);
        String thumbnail = ready[0].getJsonObject("files").getJsonObject("thumbnail").getString("url");
        return new String[] {photos, photo, URI.create(thumbnail).getPath()};
    }

    private static HttpResponse<String> getAs(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private static HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /**
     * A webhook of the matrix: to a port nothing listens on, for an event the suite hardly makes,
     * so that it costs the other tests nothing.
     */
    private static final String WEBHOOK = "{\"url\":\"http://127.0.0.1:9719/matrix\",\"eventTypes\":[\"comment.unhidden\"],"
            + "\"description\":\"AuthorizationMatrixIT\"}";
    private static String webhook;

    private static synchronized String sharedWebhook() {
        if (webhook == null) {
            webhook = newWebhook();
        }
        return webhook;
    }

    private static String newWebhook() {
        return json(postJson("/api/v1/admin/webhooks", WEBHOOK, adminToken())).getString("id");
    }

    /**
     * An area of the matrix: a small square in the middle of the Atlantic, where no test reports,
     * so that routing the other tests' reports is not changed by it.
     */
    private static final String AREAS = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
            + "\"properties\":{\"name\":{\"en\":\"Matrix area\"},\"timeZone\":\"Atlantic/Azores\"},\"geometry\":"
            + "{\"type\":\"Polygon\",\"coordinates\":[[[-30.0,10.0],[-29.99,10.0],[-29.99,10.01],[-30.0,10.01],"
            + "[-30.0,10.0]]]}}]}";
    private static String sharedArea;

    private static synchronized String sharedArea() {
        if (sharedArea == null) {
            sharedArea = newArea();
        }
        return sharedArea;
    }

    private static String newArea() {
        return json(postJson("/api/v1/admin/areas", AREAS, adminToken())).getJsonArray("items").getJsonObject(0)
                .getString("id");
    }

    private static final String BODY = "{\"name\":{\"en\":\"Matrix body\"}}";
    private static String sharedBody;

    private static synchronized String sharedBody() {
        if (sharedBody == null) {
            sharedBody = newBody();
        }
        return sharedBody;
    }

    private static String newBody() {
        return json(postJson("/api/v1/admin/bodies", BODY, adminToken())).getString("id");
    }

    private static String newApiKey() {
        return json(postJson("/api/v1/admin/api-keys", "{\"name\":\"matrix\"}", adminToken())).getString("id");
    }

    private static String newReport() {
        return createReport("Matrix report", "pothole").getString("id");
    }

    /** A new comment written by the given caller (the citizen for anonymous), as its URL path. */
    private static String comment(Caller author) {
        String report = newReport();
        String token = TOKENS.get(author == Caller.ANONYMOUS ? Caller.CITIZEN : author);
        String id = json(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"matrix\"}", token))
                .getString("id");
        return "/api/v1/reports/" + report + "/comments/" + id;
    }

    /** An area followed by the given caller (the citizen for anonymous), as its URL path. */
    private static String area(Caller follower) {
        String token = TOKENS.get(follower == Caller.ANONYMOUS ? Caller.CITIZEN : follower);
        return "/api/v1/me/following/areas/" + json(postJson("/api/v1/me/following/areas", AREA, token)).getString("id");
    }

    private static String commentId(String commentPath) {
        return commentPath.substring(commentPath.lastIndexOf('/') + 1);
    }

    private static String registration() {
        return Json.createObjectBuilder().add("email", "matrix-" + UUID.randomUUID() + "@example.org")
                .add("password", PASSWORD).add("displayName", "Matrix").build().toString();
    }

    /** A grant to remove: made by the administrator just before the call. */
    private static String grantToRemove() {
        JsonObject account = json(postJson("/api/v1/admin/users/" + someUserId + "/roles",
                "{\"role\":\"moderator\"}", TOKENS.get(Caller.ADMINISTRATOR)));
        return account.getJsonArray("roles").stream().map(v -> v.asJsonObject())
                .filter(r -> "moderator".equals(r.getString("role"))).findFirst().orElseThrow().getString("id");
    }

    /**
     * @return a token of a session the other rows do not use, for the sign-out rows; signing out
     *         everywhere ends the callers' own sessions too, so those callers get an account of their
     *         own, except the administrator: a second administrator left behind would let other tests
     *         remove the last one
     */
    private static String ownSession(Caller caller) {
        if (caller == Caller.ADMINISTRATOR) {
            return adminToken();
        }
        String email = caller.name().toLowerCase() + "-leaving-" + UUID.randomUUID() + "@example.org";
        JsonObject account = json(postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", PASSWORD).add("displayName", caller.name()).build().toString()));
        if (caller != Caller.CITIZEN) {
            postJson("/api/v1/admin/users/" + account.getString("id") + "/roles",
                    "{\"role\":\"" + caller.name().toLowerCase() + "\"}", adminToken());
        }
        return login(email, PASSWORD);
    }

    @BeforeAll
    static void signInEveryRole() {
        String admin = adminToken();
        TOKENS.put(Caller.ADMINISTRATOR, admin);
        for (Caller caller : new Caller[] {Caller.CITIZEN, Caller.MODERATOR, Caller.OPERATOR}) {
            String email = caller.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
            JsonObject account = json(postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                    .add("password", PASSWORD).add("displayName", caller.name()).build().toString()));
            if (caller != Caller.CITIZEN) {
                postJson("/api/v1/admin/users/" + account.getString("id") + "/roles",
                        "{\"role\":\"" + caller.name().toLowerCase() + "\"}", admin);
            }
            TOKENS.put(caller, login(email, PASSWORD));
        }
        // The account the role rows grant to and take from: none of the callers, whose roles count
        // from their next request on.
        someUserId = json(postJson("/api/v1/auth/register", registration())).getString("id");
    }

    static Stream<Arguments> calls() {
        List<Arguments> calls = new ArrayList<>();
        for (Row row : table()) {
            for (Caller caller : Caller.values()) {
                calls.add(Arguments.of(row, caller));
            }
        }
        return calls.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("calls")
    void everyRoleGetsTheStatusTheTableSays(Row row, Caller caller) {
        HttpRequest.Builder call = row.call().apply(caller);
        boolean signsOut = row.path().startsWith("/api/v1/auth/logout");
        if (caller != Caller.ANONYMOUS) {
            call.header("Authorization", "Bearer " + (signsOut ? ownSession(caller) : TOKENS.get(caller)));
        }
        HttpResponse<String> response = send(call.build());
        if (signsOut && caller == Caller.ADMINISTRATOR) {
            // Signing out everywhere ended the administrator's table token too.
            TOKENS.put(Caller.ADMINISTRATOR, adminToken());
        }
        assertEquals(row.expected(caller), response.statusCode(), row + " as " + caller + ": " + response.body());
    }

    static Stream<Arguments> callsWithBadCredentials() {
        Map<String, String> bad = BadCredentials.all();
        List<Arguments> calls = new ArrayList<>();
        for (Row row : table()) {
            bad.forEach((what, header) -> calls.add(Arguments.of(row, what, header)));
        }
        return calls.stream();
    }

    /** A header that is present but not a valid token is never taken for anonymous, on any operation. */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("callsWithBadCredentials")
    void invalidCredentialsAreRefusedEverywhere(Row row, String what, String header) {
        HttpRequest.Builder call = row.call().apply(Caller.CITIZEN);
        call.header("Authorization", header);
        HttpResponse<String> response = send(call.build());
        assertEquals(UNAUTHENTICATED, response.statusCode(), row + " with " + what + ": " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("urn:fixmyquarter:problem:invalid-token", json(response).getString("type"));
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer ") && challenge.contains("error=\"invalid_token\""), challenge);
    }

    @Test
    void theTableNamesEveryOperationOfTheApi() {
        JsonObject paths = json(send(request("/openapi").header("Accept", "application/json").GET().build()))
                .getJsonObject("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.asJsonObject().keySet().stream()
                .filter(Set.of("get", "post", "put", "patch", "delete")::contains)
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        Set<String> inTable = new TreeSet<>();
        table().forEach(row -> inTable.add(row.toString()));
        assertEquals(documented, inTable, "every operation needs a row in this table, and every row an operation");
    }
}
