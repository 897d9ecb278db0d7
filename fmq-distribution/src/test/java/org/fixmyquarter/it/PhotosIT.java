package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.People.Person;
import org.junit.jupiter.api.Test;

/**
 * Photos as a citizen's phone sends them and as everyone then sees them, against the started
 * server and its media store: the file system on one test server, an S3-compatible store
 * (S3Mock) on the other, the file system again for the shipped jar. Every file served is checked
 * as bytes: decodable, the right size, without the camera's metadata.
 */
class PhotosIT {

    private static final Duration PROCESSING = Duration.ofSeconds(90);
    private static final String CACHE_PUBLIC = "public, max-age=31536000, immutable";

    /** Where the server under test keeps media: {@code filesystem} or {@code s3} (see the pom). */
    private static final String STORE = System.getProperty("fmq.it.media-store", "filesystem");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // --- what a citizen's upload becomes ---------------------------------------------------------

    @Test
    void aPhotoLosesItsPrivateMetadataAndAppearsInThreeSizes() throws Exception {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = report(rose, "Pothole with a photo");
        byte[] upload = TestImages.jpegWithPrivateMetadata(2000, 1500);
        assertTrue(hasPrivateMetadata(upload), "the test photo must carry GPS and camera data");

        String key = UUID.randomUUID().toString();
        HttpResponse<String> created = upload(report, upload, "image/jpeg", rose.token(), key);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject photo = json(created);
        assertEquals("processing", photo.getString("state"));
        assertEquals(2000, photo.getInt("width"));
        String id = photo.getString("id");
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/reports/" + report + "/photos/" + id));

        // A phone on a bad network sends it again: the same photo, never a second one.
        HttpResponse<String> again = upload(report, upload, "image/jpeg", rose.token(), key);
        assertEquals(201, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(id, json(again).getString("id"));

        JsonObject ready = awaitProcessed(report, id, rose.token());
        assertEquals("ready", ready.getString("state"), ready.toString());

        JsonObject files = json(get("/api/v1/reports/" + report + "/photos/" + id)).getJsonObject("files");
        assertEquals(List.of("thumbnail", "medium"), List.copyOf(files.keySet()),
                "the public gets the two smaller sizes; originals are for staff by default");
        assertSize(files.getJsonObject("thumbnail"), 320, 240);
        assertSize(files.getJsonObject("medium"), 1280, 960);
        for (String kind : files.keySet()) {
            HttpResponse<byte[]> served = fetch(files.getJsonObject(kind).getString("url"), null);
            assertEquals(200, served.statusCode());
            assertEquals("image/jpeg", served.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(CACHE_PUBLIC, served.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElseThrow());
            String sha = sha256(served.body());
            assertTrue(files.getJsonObject(kind).getString("url").endsWith("/media/" + sha + ".jpg"),
                    "named by its content");
            assertEquals(files.getJsonObject(kind).getInt("size"), served.body().length);
            assertFalse(hasPrivateMetadata(served.body()), kind + " still carries private metadata");
            assertDecodes(served.body(), files.getJsonObject(kind).getInt("width"));
            String etag = served.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> unchanged = fetch(URI.create(files.getJsonObject(kind).getString("url")),
                    b -> b.header("If-None-Match", etag));
            assertEquals(304, unchanged.statusCode());
        }

        // Staff see the full-size original too; the public is not served it.
        Person moderator = People.staff("Mo", "moderator");
        JsonObject staffView = json(get("/api/v1/reports/" + report + "/photos/" + id, moderator.token()));
        JsonObject original = staffView.getJsonObject("files").getJsonObject("original");
        assertSize(original, 2000, 1500);
        assertEquals(404, fetch(original.getString("url"), null).statusCode());
        HttpResponse<byte[]> forStaff = fetch(original.getString("url"), moderator.token());
        assertEquals(200, forStaff.statusCode());
        assertEquals("private, max-age=31536000, immutable", forStaff.headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(hasPrivateMetadata(forStaff.body()));

        // The report lists it, and the upload (GPS and all) has left the media store.
        JsonArray listed = json(get("/api/v1/reports/" + report)).getJsonArray("photos");
        assertEquals(1, listed.size());
        assertEquals(id, listed.getJsonObject(0).getString("id"));
        await(PROCESSING, () -> !stored("uploads/" + id), () -> "the upload of " + id + " is still in the store");
    }

    @Test
    void aTurnedPhotoIsShownUpright() throws Exception {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = report(rose, "Turned photo");
        // Displayed 400 x 200 with a red top-left quarter; stored turned, as a phone held upright does.
        String id = json(upload(report, TestImages.jpegWithOrientation(400, 200, 6), "image/jpeg", rose.token(), null))
                .getString("id");
        JsonObject photo = awaitProcessed(report, id, rose.token());
        assertEquals(400, photo.getInt("width"));
        assertEquals(200, photo.getInt("height"));
        JsonObject medium = photo.getJsonObject("files").getJsonObject("medium");
        assertSize(medium, 400, 200);
        BufferedImage shown = ImageIO.read(new ByteArrayInputStream(fetch(medium.getString("url"), null).body()));
        assertRed(shown.getRGB(50, 50), "top-left");
        assertWhite(shown.getRGB(350, 50), "top-right");
        assertWhite(shown.getRGB(50, 150), "bottom-left");
    }

    @Test
    void pngWebpAndCmykPhotosAreAccepted() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = report(rose, "Many formats");
        List<byte[]> uploads = List.of(TestImages.png(300, 200, true), TestImages.webpLossless(300, 200),
                TestImages.animatedWebp(300, 200, 3), TestImages.cmykJpeg(300, 200));
        for (byte[] upload : uploads) {
            // The declared type is not trusted: octet-stream works as well as the right one.
            HttpResponse<String> created = upload(report, upload, "application/octet-stream", rose.token(), null);
            assertEquals(201, created.statusCode(), created.body());
            JsonObject photo = awaitProcessed(report, json(created).getString("id"), rose.token());
            assertEquals("ready", photo.getString("state"), photo.toString());
            assertSize(photo.getJsonObject("files").getJsonObject("thumbnail"), 300, 200);
        }
    }

    @Test
    void aReportArrivesWithItsPhotosInOneRequest() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).replaceAll("[0-9]", "x");
        String report = Api.report("Bench broken " + word, "road", 48.8566, 2.3522);
        byte[][] photos = {TestImages.jpegWithPrivateMetadata(800, 600), TestImages.png(400, 300, false)};

        // Refused whole when one photo is no photo: no report is left behind.
        HttpResponse<String> refused = send(reportRequest(report, rose.token(), null, photos[0], TestImages.svg()));
        assertEquals("photo-unsupported", type(problem(refused, 415)));
        assertEquals(0, json(get("/api/v1/reports?q=" + word)).getJsonArray("items").size());
        // A visitor reports without photos.
        assertEquals("forbidden", type(problem(send(reportRequest(report, null, null, photos[0])), 403)));

        String key = UUID.randomUUID().toString();
        HttpResponse<String> created = send(reportRequest(report, rose.token(), key, photos));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject body = json(created);
        assertEquals(2, body.getJsonArray("photos").size(), "the author sees them while they are processed");
        HttpResponse<String> again = send(reportRequest(report, rose.token(), key, photos));
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(body.getString("id"), json(again).getString("id"));
        String id = body.getString("id");
        for (JsonValue photo : body.getJsonArray("photos")) {
            assertEquals("ready", awaitProcessed(id, photo.asJsonObject().getString("id"), rose.token())
                    .getString("state"));
        }
        assertEquals(1, json(get("/api/v1/reports?q=" + word)).getJsonArray("items").size(), "one report, never two");
        assertEquals(2, json(get("/api/v1/reports/" + id)).getJsonArray("photos").size());
    }

    // --- what is refused, and how ----------------------------------------------------------------

    @Test
    void whatIsNoPhotoIsRefusedByItsContent() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = report(rose, "Refusals");
        assertEquals("photo-unsupported", type(problem(upload(report, TestImages.htmlNamedJpg(), "image/jpeg",
                rose.token(), null), 415)));
        assertEquals("photo-unsupported", type(problem(upload(report, TestImages.svg(), "image/svg+xml",
                rose.token(), null), 415)));
        assertEquals("photo-unsupported", type(problem(upload(report, TestImages.gifHeader(), "image/gif",
                rose.token(), null), 415)));
        JsonObject pixels = problem(upload(report, TestImages.pngHeader(100_000, 100_000), "image/png", rose.token(),
                null), 422);
        assertEquals("photo-too-many-pixels", type(pixels));
        assertEquals(50_000_000, pixels.getJsonNumber("limit").longValue());
        byte[] whole = TestImages.jpeg(800, 600);
        assertEquals("photo-corrupt", type(problem(upload(report, TestImages.truncated(whole, whole.length / 2),
                "image/jpeg", rose.token(), null), 422)));
        assertEquals("photo-empty", type(problem(upload(report, new byte[0], "image/jpeg", rose.token(), null), 422)));
        assertEquals(0, json(get("/api/v1/reports/" + report + "/photos", rose.token())).getJsonArray("items").size(),
                "a refused upload leaves nothing behind");
    }

    @Test
    void aPolyglotIsStoredAsAPlainPhoto() throws Exception {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = report(rose, "Polyglot");
        String id = json(upload(report, TestImages.jpegWithHtmlComment(), "image/jpeg", rose.token(), null))
                .getString("id");
        JsonObject photo = awaitProcessed(report, id, rose.token());
        byte[] served = fetch(photo.getJsonObject("files").getJsonObject("thumbnail").getString("url"), null).body();
        assertFalse(new String(served, StandardCharsets.ISO_8859_1).contains("<script"),
                "the script must not survive into a served file");
    }

    @Test
    void aTooLargeUploadIsRefusedAtTheLimit() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = report(rose, "Too large");
        // 30 MB: a JPEG's start, then filler. Declared up front, it is refused before a byte is read.
        byte[] large = new byte[30 * 1024 * 1024];
        byte[] start = TestImages.jpeg(64, 48);
        System.arraycopy(start, 0, large, 0, start.length);
        JsonObject declared = problem(upload(report, large, "image/jpeg", rose.token(), null), 413);
        assertEquals("photo-too-large", type(declared));
        assertEquals(10 * 1024 * 1024, declared.getJsonNumber("limit").longValue());
        // Sent without a length (chunked), it is refused once the limit is passed.
        HttpResponse<String> streamed = send(request("/api/v1/reports/" + report + "/photos")
                .header("Authorization", "Bearer " + rose.token()).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build());
        assertEquals("photo-too-large", type(problem(streamed, 413)));
    }

    @Test
    void onlyTheAuthorAndStaffAddPhotosAndTheLimitHolds() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        Person noe = People.citizen("Noé", People.uniqueHandle("noe"), "en");
        String report = report(rose, "Who adds photos");
        byte[] photo = TestImages.jpeg(120, 90);
        problem(upload(report, photo, "image/jpeg", noe.token(), null), 403);
        assertEquals(401, send(request("/api/v1/reports/" + report + "/photos").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build()).statusCode());
        problem(upload("no-such-report", photo, "image/jpeg", rose.token(), null), 404);

        // Two at once, as a multipart form; an operator adds one (the repair, say).
        HttpResponse<String> two = multipart(report, rose.token(), TestImages.jpeg(120, 90), TestImages.png(90, 120, false));
        assertEquals(201, two.statusCode(), two.body());
        assertEquals(2, json(two).getJsonArray("items").size());
        Person operator = People.staff("Op", "operator");
        assertEquals(201, upload(report, photo, "image/jpeg", operator.token(), null).statusCode());

        // Room for two more: three in one form are refused whole, and nothing is added.
        JsonObject tooMany = problem(multipart(report, rose.token(), photo, photo, photo), 409);
        assertEquals("too-many-photos", type(tooMany));
        assertEquals(2, tooMany.getInt("limit"));
        assertEquals(201, multipart(report, rose.token(), photo, photo).statusCode());
        assertEquals("too-many-photos", type(problem(upload(report, photo, "image/jpeg", rose.token(), null), 409)));
        // Counted by staff, who see photos still processing, the operator's too.
        assertEquals(5, json(get("/api/v1/reports/" + report + "/photos", operator.token())).getJsonArray("items")
                .size());
    }

    // --- comments, moderation, merging, deletion -------------------------------------------------

    @Test
    void aCommentCarriesThePhotosItsAuthorAttaches() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        Person noe = People.citizen("Noé", People.uniqueHandle("noe"), "en");
        String report = report(rose, "Comment photos");
        String comment = json(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"Worse today\"}",
                noe.token())).getString("id");
        String path = "/api/v1/reports/" + report + "/comments/" + comment + "/photos";
        problem(send(request(path).header("Authorization", "Bearer " + rose.token()).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(100, 80))).build()), 403);
        HttpResponse<String> created = send(request(path).header("Authorization", "Bearer " + noe.token())
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(100, 80)))
                .build());
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).getString("id");
        awaitProcessed(report, id, noe.token());
        JsonArray photos = json(get("/api/v1/reports/" + report + "/comments")).getJsonArray("items").getJsonObject(0)
                .getJsonArray("photos");
        assertEquals(1, photos.size());
        assertEquals(id, photos.getJsonObject(0).getString("id"));
        assertEquals(0, json(get("/api/v1/reports/" + report)).getJsonArray("photos").size(),
                "a comment's photo is the comment's, not the report's");
    }

    @Test
    void moderatorsHideAndRedactPhotos() throws Exception {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        Person moderator = People.staff("Mo", "moderator");
        String report = report(rose, "Face in the picture");
        String id = json(upload(report, TestImages.photoLikeJpeg(800, 600), "image/jpeg", rose.token(), null))
                .getString("id");
        JsonObject before = awaitProcessed(report, id, rose.token());
        String medium = before.getJsonObject("files").getJsonObject("medium").getString("url");

        // Hidden: gone for the public, file and all; staff still see it, marked.
        String moderation = "/api/v1/moderation/photos/" + id;
        assertEquals(200, postJson(moderation + "/hide", "{\"reason\":\"Shows a face\"}", moderator.token()).statusCode());
        assertEquals(0, json(get("/api/v1/reports/" + report)).getJsonArray("photos").size());
        assertEquals(404, fetch(medium, null).statusCode());
        JsonObject staffView = json(get("/api/v1/reports/" + report + "/photos/" + id, moderator.token()));
        assertEquals("Shows a face", staffView.getJsonObject("hidden").getString("reason"));
        assertEquals(200, fetch(medium, moderator.token()).statusCode());
        assertEquals(200, postJson(moderation + "/unhide", "{\"reason\":\"Blurred instead\"}", moderator.token())
                .statusCode());

        // Redacted: the public files are withdrawn at once and made again, blurred.
        problem(postJson(moderation + "/redact", "{\"regions\":[{\"x\":0.9,\"y\":0,\"width\":0.2,\"height\":0.1}],"
                + "\"reason\":\"Face\"}", moderator.token()), 400);
        problem(postJson(moderation + "/redact", "{\"regions\":[{\"x\":0.25,\"y\":0.25,\"width\":0.5,\"height\":0.5}],"
                + "\"reason\":\"Face\"}", rose.token()), 403);
        HttpResponse<String> redacted = postJson(moderation + "/redact",
                "{\"regions\":[{\"x\":0.25,\"y\":0.25,\"width\":0.5,\"height\":0.5}],\"reason\":\"A face\"}",
                moderator.token());
        assertEquals(200, redacted.statusCode(), redacted.body());
        assertTrue(json(redacted).getBoolean("redacted"));
        assertEquals(404, fetch(medium, null).statusCode(), "the unblurred file is withdrawn at once");
        JsonObject after = awaitProcessed(report, id, rose.token());
        String blurredUrl = after.getJsonObject("files").getJsonObject("medium").getString("url");
        assertNotEquals(medium, blurredUrl);
        BufferedImage clear = ImageIO.read(new ByteArrayInputStream(fetch(medium, moderator.token()).body()));
        BufferedImage blurred = ImageIO.read(new ByteArrayInputStream(fetch(blurredUrl, null).body()));
        assertTrue(difference(clear, blurred, 300, 220, 500, 380) > 3 * difference(clear, blurred, 0, 0, 150, 100),
                "the middle must be blurred, the corner left alone");
        JsonObject staffFiles = json(get("/api/v1/reports/" + report + "/photos/" + id, moderator.token()))
                .getJsonObject("files");
        String unredacted = staffFiles.getJsonObject("unredacted").getString("url");
        assertEquals(404, fetch(unredacted, null).statusCode());
        assertEquals(200, fetch(unredacted, moderator.token()).statusCode());
        JsonArray audit = json(get("/api/v1/admin/audit?target=" + id, Api.adminToken())).getJsonArray("items");
        assertTrue(audit.stream().anyMatch(e -> e.asJsonObject().getString("action").equals("photo.redacted")),
                audit.toString());
    }

    @Test
    void aHiddenReportHidesItsPhotosAndAMergedOneShowsThemOnTheOriginal() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        Person moderator = People.staff("Mo", "moderator");
        String original = report(rose, "The original");
        String duplicate = report(rose, "The duplicate");
        String id = json(upload(duplicate, TestImages.jpeg(200, 150), "image/jpeg", rose.token(), null)).getString("id");
        String url = awaitProcessed(duplicate, id, rose.token()).getJsonObject("files").getJsonObject("thumbnail")
                .getString("url");

        assertEquals(200, postJson("/api/v1/moderation/reports/" + duplicate + "/merge",
                "{\"into\":\"" + original + "\",\"reason\":\"Same hole\"}", moderator.token()).statusCode());
        JsonArray onOriginal = json(get("/api/v1/reports/" + original)).getJsonArray("photos");
        assertEquals(1, onOriginal.size());
        assertEquals(id, onOriginal.getJsonObject(0).getString("id"));

        // Hiding the original hides what it shows, its duplicate's photo included.
        assertEquals(200, postJson("/api/v1/moderation/reports/" + original + "/hide", "{\"reason\":\"Spam\"}",
                moderator.token()).statusCode());
        assertEquals(404, fetch(url, null).statusCode());
        assertEquals(200, fetch(url, moderator.token()).statusCode());
    }

    @Test
    void aDeletedPhotoLeavesTheStore() {
        Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        Person noe = People.citizen("Noé", People.uniqueHandle("noe"), "en");
        String report = report(rose, "Deleted photo");
        String id = json(upload(report, TestImages.photoLikeJpeg(640, 480), "image/jpeg", rose.token(), null))
                .getString("id");
        JsonObject photo = awaitProcessed(report, id, rose.token());
        String url = photo.getJsonObject("files").getJsonObject("thumbnail").getString("url");
        String sha = url.substring(url.lastIndexOf('/') + 1, url.length() - ".jpg".length());
        String key = "photos/" + sha.substring(0, 2) + "/" + sha + ".jpg";
        assertTrue(stored(key), "the thumbnail must be in the store before the deletion");

        String path = "/api/v1/reports/" + report + "/photos/" + id;
        problem(send(request(path).header("Authorization", "Bearer " + noe.token()).DELETE().build()), 403);
        assertEquals(204, send(request(path).header("Authorization", "Bearer " + rose.token()).DELETE().build())
                .statusCode());
        assertEquals(404, fetch(url, null).statusCode());
        problem(get(path), 404);
        await(PROCESSING, () -> !stored(key), () -> key + " is still in the store");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String report(Person author, String title) {
        HttpResponse<String> created = postJson("/api/v1/reports", Api.report(title, "road", 48.8566, 2.3522),
                author.token());
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    private static HttpResponse<String> upload(String report, byte[] body, String type, String token, String key) {
        HttpRequest.Builder request = request("/api/v1/reports/" + report + "/photos")
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request.build());
    }

    private static HttpRequest reportRequest(String report, String token, String key, byte[]... photos) {
        String boundary = "fmq-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + report + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (byte[] photo : photos) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; "
                    + "filename=\"IMG.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(photo);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = request("/api/v1/reports").header("Content-Type",
                "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.build();
    }

    private static HttpResponse<String> multipart(String report, String token, byte[]... photos) {
        String boundary = "fmq-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < photos.length; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"IMG_"
                    + i + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(photos[i]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(request("/api/v1/reports/" + report + "/photos").header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** Polls the photo, as its uploader's app would, until its files are made or it failed. */
    private static JsonObject awaitProcessed(String report, String id, String token) {
        JsonObject[] last = new JsonObject[1];
        await(PROCESSING, () -> {
            last[0] = json(get("/api/v1/reports/" + report + "/photos/" + id, token));
            return !"processing".equals(last[0].getString("state"));
        }, () -> "photo " + id + " still processing: " + last[0]);
        return last[0];
    }

    private static HttpResponse<byte[]> fetch(String url, String token) {
        return fetch(URI.create(url), b -> token == null ? b : b.header("Authorization", "Bearer " + token));
    }

    private static HttpResponse<byte[]> fetch(URI url, java.util.function.UnaryOperator<HttpRequest.Builder> headers) {
        try {
            return CLIENT.send(headers.apply(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether the media store holds a file, asked of the store itself rather than the API. */
    private static boolean stored(String key) {
        if ("s3".equals(STORE)) {
            HttpResponse<byte[]> response = fetch(URI.create(System.getProperty("fmq.it.s3-url") + "/" + key), b -> b);
            return response.statusCode() == 200;
        }
        return Files.exists(Path.of(System.getProperty("fmq.it.media-dir")).resolve(key));
    }

    private static String type(JsonObject problem) {
        String type = problem.getString("type");
        return type.substring(type.lastIndexOf(':') + 1);
    }

    private static void assertSize(JsonObject file, int width, int height) {
        assertEquals(width, file.getInt("width"), file.toString());
        assertEquals(height, file.getInt("height"), file.toString());
    }

    private static void assertDecodes(byte[] jpeg, int width) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(width, image.getWidth());
    }

    /** GPS, camera, owner, XMP, IPTC, ICC or a comment: anything that tells where or who. */
    private static boolean hasPrivateMetadata(byte[] image) throws IOException {
        try (InputStream in = new ByteArrayInputStream(image)) {
            Metadata metadata = ImageMetadataReader.readMetadata(in);
            for (Directory directory : metadata.getDirectories()) {
                String name = directory.getName();
                if (name.startsWith("GPS") || name.startsWith("XMP") || name.startsWith("IPTC")
                        || name.startsWith("ICC") || name.startsWith("JpegComment") || name.startsWith("Exif")
                        || name.startsWith("Photoshop")) {
                    return true;
                }
                for (Tag tag : directory.getTags()) {
                    String description = String.valueOf(tag.getDescription());
                    if (description.contains(TestImages.ARTIST) || description.contains(TestImages.SERIAL)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ImageProcessingException e) {
            throw new AssertionError("not readable as an image", e);
        }
    }

    private static void assertRed(int rgb, String where) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        assertTrue(r > 200 && g < 60 && b < 60, where + " should be red, is " + Integer.toHexString(rgb));
    }

    private static void assertWhite(int rgb, String where) {
        assertTrue(((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) > 200 && (rgb & 0xff) > 200,
                where + " should be white, is " + Integer.toHexString(rgb));
    }

    /** Mean absolute difference of the two images' channels in a rectangle. */
    private static double difference(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        long sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs(((p >> 16) & 0xff) - ((q >> 16) & 0xff)) + Math.abs(((p >> 8) & 0xff) - ((q >> 8) & 0xff))
                        + Math.abs((p & 0xff) - (q & 0xff));
            }
        }
        return (double) sum / ((long) (x1 - x0) * (y1 - y0) * 3);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
