package org.fixmyquarter.api.photo;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.photo.PhotoService;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.imaging.ImageFacts;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.ImageRejectedException;
import org.fixmyquarter.imaging.PhotoInspector;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.media.MediaStore;

/**
 * Reads uploads into temporary files, never into memory, refusing one as soon as it passes the
 * size limit; checks each by its content (never its name or the client's content type); and puts
 * accepted ones into the media store, where they wait for the photo job.
 */
@ApplicationScoped
public class PhotoUploads {

    /** The multipart field of a photo. */
    static final String FIELD = "photo";

    private static final System.Logger LOG = System.getLogger(PhotoUploads.class.getName());

    @Inject
    private PhotoSettings settings;

    @Inject
    private PhotoInspector inspector;

    @Inject
    private PhotoConfiguration configuration;

    @Inject
    private ImageLimits limits;

    /**
     * Reads one image sent as the whole body.
     *
     * @param body          the request body
     * @param contentLength the declared length, or -1
     * @return the checked upload; close it
     * @throws ProblemException 413 over the size limit, 415 or 422 for content that is no photo
     */
    public ReceivedPhoto receive(InputStream body, long contentLength) {
        if (contentLength > settings.maxBytes()) {
            throw tooLarge();
        }
        return check(spool(body));
    }

    /**
     * Reads the photos of a {@code multipart/form-data} body: parts named {@value #FIELD}, at
     * most {@code max} of them. All or nothing: one refused part refuses the request.
     *
     * @param body        the request body
     * @param contentType its content type, with the boundary
     * @param max         how many photos there is room for
     * @return the checked uploads, in the order sent; close each
     * @throws ProblemException 400 for a malformed body or another field, 409 for too many
     *                          photos, 413, 415, 422 as for {@link #receive}
     */
    public List<ReceivedPhoto> receiveMultipart(InputStream body, String contentType, int max) {
        Multipart parts = read(body, contentType, max, null);
        if (parts.photos().isEmpty()) {
            throw malformed("The body holds no photo: send each in a part named '" + FIELD + "'.");
        }
        return parts.photos();
    }

    /**
     * A report sent with its photos in one {@code multipart/form-data} request.
     *
     * @param json   the part named {@value #REPORT_FIELD}: the report as JSON
     * @param photos the checked photos, in the order sent; close each
     */
    public record Multipart(InputStream json, List<ReceivedPhoto> photos) {
    }

    /** The multipart field of a report sent with its photos. */
    public static final String REPORT_FIELD = "report";

    /**
     * Reads a new report sent with its photos: a part named {@value #REPORT_FIELD} holding the
     * report as JSON (at most {@link JsonBody#MAX_BYTES}), and up to {@code max} parts named
     * {@value #FIELD}.
     *
     * @param body        the request body
     * @param contentType its content type, with the boundary
     * @param max         how many photos a report takes
     * @return the report's JSON and the checked photos; close each photo
     * @throws ProblemException as {@link #receiveMultipart}, and 400 without a report part
     */
    public Multipart receiveReport(InputStream body, String contentType, int max) {
        Multipart parts = read(body, contentType, max, REPORT_FIELD);
        if (parts.json() == null) {
            parts.photos().forEach(ReceivedPhoto::close);
            throw malformed("The body holds no report: send it as JSON in a part named '" + REPORT_FIELD + "'.");
        }
        return parts;
    }

    private Multipart read(InputStream body, String contentType, int max, String jsonField) {
        String boundary = new ParameterParser().parse(contentType, new char[] {';', ','}).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw malformed("The multipart/form-data Content-Type has no valid boundary parameter.");
        }
        List<ReceivedPhoto> photos = new ArrayList<>();
        byte[] json = null;
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(body)
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1)).get();
            boolean next = input.skipPreamble();
            while (next) {
                Map<String, String> disposition = disposition(input.readHeaders());
                String name = disposition.get("name");
                if (jsonField != null && jsonField.equals(name) && json == null) {
                    try (InputStream part = input.newInputStream()) {
                        // One byte more than allowed, so that JsonBody names the limit.
                        json = part.readNBytes(JsonBody.MAX_BYTES + 1);
                        part.transferTo(OutputStream.nullOutputStream());
                    }
                } else if (FIELD.equals(name)) {
                    if (photos.size() == max) {
                        throw new ProblemException(409, "too-many-photos", "Too many photos",
                                "There is room for " + max + " more photos here; send fewer.", Map.of(),
                                "problem.too-many-photos-sent.detail", List.of(max)).with("limit", max);
                    }
                    try (InputStream part = input.newInputStream()) {
                        photos.add(check(spool(part)));
                    }
                } else {
                    throw malformed("Unexpected part '" + name + "': send each photo in a part named '" + FIELD + "'"
                            + (jsonField == null ? "" : ", and the report in one named '" + jsonField + "'") + ".");
                }
                next = input.readBoundary();
            }
        } catch (FileUploadException e) {
            photos.forEach(ReceivedPhoto::close);
            throw malformed("The multipart/form-data body is malformed: " + e.getMessage());
        } catch (IOException e) {
            photos.forEach(ReceivedPhoto::close);
            throw malformed("The body could not be read to its end: " + e.getMessage());
        } catch (RuntimeException e) {
            photos.forEach(ReceivedPhoto::close);
            throw e;
        }
        return new Multipart(json == null ? null : new ByteArrayInputStream(json), photos);
    }

    private static Map<String, String> disposition(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                ParameterParser parser = new ParameterParser();
                parser.setLowerCaseNames(true);
                return parser.parse(line.substring(colon + 1), ';');
            }
        }
        throw malformed("A part has no Content-Disposition header naming its field.");
    }

    /**
     * Copies a stream into a temporary file, counting and hashing as it goes, and stops at the
     * first byte past the limit: a 30 MB upload costs 10 MB of reading, never 30 MB of memory.
     */
    private Path spoolTo(InputStream in, Path file, MessageDigest digest) throws IOException {
        long limit = settings.maxBytes();
        try (OutputStream out = new DigestOutputStream(new LimitedOutputStream(Files.newOutputStream(file), limit),
                digest)) {
            in.transferTo(out);
        }
        return file;
    }

    private Spooled spool(InputStream in) {
        Path file = null;
        try {
            file = Files.createTempFile("fmq-upload-", ".bin");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            spoolTo(in, file, digest);
            return new Spooled(file, Files.size(file), HexFormat.of().formatHex(digest.digest()));
        } catch (LimitPassedException e) {
            delete(file);
            throw tooLarge();
        } catch (IOException e) {
            delete(file);
            throw malformed("The photo could not be read to its end: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            delete(file);
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private ReceivedPhoto check(Spooled spooled) {
        if (spooled.size() == 0) {
            delete(spooled.file());
            throw new ProblemException(422, "photo-empty", "Empty photo", "The photo is empty: it has no bytes.",
                    Map.of(), "problem.photo-empty.detail", List.of());
        }
        try {
            ImageFacts facts = inspector.inspect(spooled.file());
            return new ReceivedPhoto(spooled.file(), facts, spooled.size(), spooled.sha256());
        } catch (ImageRejectedException e) {
            delete(spooled.file());
            throw rejected(e);
        } catch (IOException e) {
            delete(spooled.file());
            throw malformed("The photo could not be read: " + e.getMessage());
        }
    }

    private ProblemException rejected(ImageRejectedException e) {
        switch (e.reason()) {
            case TOO_MANY_PIXELS:
                return new ProblemException(422, "photo-too-many-pixels", "Photo too large in pixels", e.getMessage(),
                        Map.of(), "problem.photo-too-many-pixels.detail", List.of(limits.maxPixels()))
                        .with("limit", limits.maxPixels());
            case CORRUPT:
                return new ProblemException(422, "photo-corrupt", "Photo cannot be read", e.getMessage(), Map.of(),
                        "problem.photo-corrupt.detail", List.of());
            default:
                return new ProblemException(415, "photo-unsupported", "Not a supported photo", e.getMessage()
                        + " Send a JPEG, PNG or WebP photo.", Map.of(), "problem.photo-unsupported.detail", List.of())
                        .with("accepted", "image/jpeg, image/png, image/webp");
        }
    }

    private ProblemException tooLarge() {
        long limit = settings.maxBytes();
        return new ProblemException(413, "photo-too-large", "Photo too large", "A photo may be at most "
                + megabytes(limit) + "; this one is larger.", Map.of(), "problem.photo-too-large.detail",
                List.of(megabytes(limit))).with("limit", limit);
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(400, "malformed-upload", "Malformed upload", detail, Map.of(), null, List.of());
    }

    /**
     * Puts checked uploads into the media store, each under the upload key of a new photo id,
     * where they wait for the photo job. All or nothing: when one fails, those stored are removed.
     *
     * @param photos the uploads
     * @return the photos to record, in the same order
     * @throws ProblemException 503 when no store is active or the store fails
     */
    public List<PhotoTransactions.Stored> store(List<ReceivedPhoto> photos) {
        MediaStore store = configuration.mediaStore().orElseThrow(() -> new ProblemException(503,
                "media-store-unavailable", "Photos unavailable", "No media store is active, so photos cannot be"
                + " stored; the administrator should check the plugins.", Map.of("Retry-After", "60"), null, List.of()));
        List<PhotoTransactions.Stored> stored = new ArrayList<>();
        for (ReceivedPhoto photo : photos) {
            String photoId = PhotoService.newPhotoId();
            try (InputStream in = Files.newInputStream(photo.file())) {
                store.put(PhotoService.uploadKey(photoId), photo.facts().format().mediaType(), in);
                configuration.storeOutcome(store, null);
            } catch (PluginException | IOException e) {
                LOG.log(System.Logger.Level.WARNING, "The media store refused an upload", e);
                configuration.storeOutcome(store, "storing an upload failed: " + e.getMessage());
                discard(stored);
                throw new ProblemException(503, "media-store-unavailable", "Photos unavailable",
                        "The photo could not be stored just now; try again in a minute.", Map.of("Retry-After", "60"),
                        null, List.of());
            }
            stored.add(new PhotoTransactions.Stored(photoId, photo.upload()));
        }
        return stored;
    }

    /**
     * Removes uploads that were stored but not recorded (the transaction failed), since they
     * still carry the camera's metadata. A failure is logged: the request's own error matters more.
     *
     * @param photos the stored uploads
     */
    public void discard(List<PhotoTransactions.Stored> photos) {
        configuration.mediaStore().ifPresent(store -> photos.forEach(photo -> {
            try {
                store.delete(PhotoService.uploadKey(photo.photoId()));
            } catch (PluginException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not remove the upload of photo " + photo.photoId(), e);
            }
        }));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not remove the temporary upload " + file, e);
            }
        }
    }

    private record Spooled(Path file, long size, String sha256) {
    }

    /** Thrown by {@link LimitedOutputStream} at the first byte past the limit. */
    private static final class LimitPassedException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitPassedException() {
            super("size limit passed");
        }
    }

    /** Counts what is written and refuses to go past a limit. */
    private static final class LimitedOutputStream extends FilterOutputStream {
        private final long limit;
        private long written;

        LimitedOutputStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws LimitPassedException {
            written += n;
            if (written > limit) {
                throw new LimitPassedException();
            }
        }
    }
}
