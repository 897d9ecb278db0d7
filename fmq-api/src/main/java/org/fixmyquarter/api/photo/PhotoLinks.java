package org.fixmyquarter.api.photo;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.moderation.ModerationJson;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.photo.Photo;
import org.fixmyquarter.core.photo.PhotoFile;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.photo.PhotoView;
import org.fixmyquarter.spi.media.MediaStore;

/**
 * The JSON of photos, with the address of each file: the media store's public address (a CDN)
 * for files everyone may see when the store has one, else the server's {@code /api/v1/media/}.
 * Files only staff may see are always served by the server, which checks who asks.
 */
@ApplicationScoped
public class PhotoLinks {

    private static final System.Logger LOG = System.getLogger(PhotoLinks.class.getName());

    @Inject
    private PhotoTransactions transactions;

    @Inject
    private PhotoConfiguration configuration;

    @Inject
    private PhotoSettings settings;

    /**
     * @param reportIds reports about to be shown
     * @param viewer    who reads
     * @param apiBase   the API's base URI ({@code .../api/v1/})
     * @return the {@code photos} array of each report, empty for those without photos
     */
    public Function<String, JsonArray> ofReports(Collection<String> reportIds, Actor viewer, URI apiBase) {
        Map<String, List<PhotoView>> photos = transactions.ofReports(reportIds, viewer);
        Function<PhotoFile, String> url = urls(apiBase);
        return id -> write(photos.getOrDefault(id, List.of()), url);
    }

    /**
     * @param commentIds comments about to be shown
     * @param viewer     who reads
     * @param apiBase    the API's base URI
     * @return the {@code photos} array of each comment
     */
    public Function<String, JsonArray> ofComments(Collection<String> commentIds, Actor viewer, URI apiBase) {
        Map<String, List<PhotoView>> photos = transactions.ofComments(commentIds, viewer);
        Function<PhotoFile, String> url = urls(apiBase);
        return id -> write(photos.getOrDefault(id, List.of()), url);
    }

    /**
     * @param apiBase the API's base URI
     * @return the address of each file, as {@link #write} needs them
     */
    public Function<PhotoFile, String> urls(URI apiBase) {
        Optional<MediaStore> store = configuration.mediaStore();
        return file -> {
            if (store.isPresent() && isPublic(file.getKind())) {
                try {
                    Optional<String> cdn = store.get().publicUrl(file.getMediaKey());
                    if (cdn.isPresent()) {
                        return cdn.get();
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "The media store gave no public address", e);
                }
            }
            return apiBase.resolve("media/" + file.getSha256() + ".jpg").toString();
        };
    }

    /**
     * @param kind a kind of file
     * @return whether everyone may see files of that kind, so that a CDN may serve them
     */
    boolean isPublic(String kind) {
        return PhotoFile.THUMBNAIL.equals(kind) || PhotoFile.MEDIUM.equals(kind)
                || PhotoFile.ORIGINAL.equals(kind) && settings.originalPublic();
    }

    public static JsonArray write(List<PhotoView> photos, Function<PhotoFile, String> url) {
        JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
        photos.forEach(view -> array.add(write(view, url)));
        return array.build();
    }

    /**
     * @return {@code {id, state, width, height, redacted, createdAt, files: {kind: {url, width,
     *         height, size}}}}, with {@code failure} for a failed photo and {@code hidden} for one
     *         a moderator hid
     */
    static JsonObjectBuilder write(PhotoView view, Function<PhotoFile, String> url) {
        Photo photo = view.photo();
        JsonObjectBuilder files = JsonBody.JSON.createObjectBuilder();
        for (PhotoFile file : view.files()) {
            files.add(file.getKind(), JsonBody.JSON.createObjectBuilder()
                    .add("url", url.apply(file))
                    .add("width", file.getWidth())
                    .add("height", file.getHeight())
                    .add("size", file.getSize())
                    .add("type", PhotoFile.MEDIA_TYPE));
        }
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("id", photo.getId())
                .add("state", photo.getState())
                .add("width", photo.getWidth())
                .add("height", photo.getHeight())
                .add("redacted", photo.getRedaction() != null)
                .add("createdAt", photo.getCreatedAt().toString());
        if (photo.getCommentId() != null) {
            json.add("commentId", photo.getCommentId());
        }
        if (Photo.FAILED.equals(photo.getState()) && photo.getFailure() != null) {
            json.add("failure", photo.getFailure());
        }
        ModerationJson.addHidden(json, photo.getHiding());
        return json.add("files", files);
    }
}
