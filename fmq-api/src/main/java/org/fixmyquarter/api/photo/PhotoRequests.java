package org.fixmyquarter.api.photo;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.idempotency.IdempotentRequests;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.photo.PhotoView;

/**
 * One upload of photos, to a report or a comment, from the request to the answer: the cheap
 * checks before a byte is read, the body read and checked, the uploads stored, the photos
 * recorded, at most once per {@code Idempotency-Key}.
 */
@ApplicationScoped
public class PhotoRequests {

    @Inject
    private PhotoTransactions transactions;

    @Inject
    private PhotoUploads uploads;

    @Inject
    private PhotoLinks links;

    @Inject
    private IdempotentRequests idempotent;

    /**
     * @param reportId       the report
     * @param commentId      one of its comments, or {@code null}
     * @param actor          who uploads
     * @param contentType    the request's content type: multipart/form-data, or an image's
     * @param contentLength  the request's declared length, or -1
     * @param body           the request body
     * @param idempotencyKey the client's key, or {@code null}
     * @param collection     the URI of the photos collection the photos join
     * @param apiBase        the API's base URI, for the files' addresses
     * @return 201 with the photo (one image as the body) or {@code {items}} (multipart)
     */
    Response upload(String reportId, String commentId, Actor actor, String contentType, long contentLength,
                    java.io.InputStream body, String idempotencyKey, URI collection, URI apiBase) {
        int room = transactions.checkCanAdd(reportId, commentId, actor);
        boolean multipart = contentType != null
                && MediaType.MULTIPART_FORM_DATA_TYPE.isCompatible(MediaType.valueOf(contentType));
        List<ReceivedPhoto> received = multipart ? uploads.receiveMultipart(body, contentType, room)
                : List.of(uploads.receive(body, contentLength));
        try {
            String hash = IdempotencyKeys.hash((multipart ? "multipart" : "single") + "\u0000"
                    + received.stream().map(ReceivedPhoto::sha256).collect(Collectors.joining(",")));
            String scope = "POST " + collection.getPath();
            return idempotent.run(scope, actor.id(), idempotencyKey, hash,
                    claimed -> store(reportId, commentId, actor, received, multipart, claimed, collection, apiBase));
        } finally {
            received.forEach(ReceivedPhoto::close);
        }
    }

    private Response store(String reportId, String commentId, Actor actor, List<ReceivedPhoto> received,
                           boolean multipart, String claimed, URI collection, URI apiBase) {
        List<PhotoTransactions.Stored> stored = uploads.store(received);
        try {
            // A comment's photo is read where every photo is: under its report.
            URI location = multipart ? collection : UriBuilder.fromUri(apiBase).path("reports").path(reportId)
                    .path("photos").path(stored.get(0).photoId()).build();
            var url = links.urls(apiBase);
            String body = transactions.add(reportId, commentId, stored, actor, views -> multipart
                    ? JsonBody.JSON.createObjectBuilder().add("items", PhotoLinks.write(views, url)).build().toString()
                    : PhotoLinks.write(views.get(0), url).build().toString(), location.toString(), claimed);
            return Response.created(location).type(MediaType.APPLICATION_JSON).entity(body).build();
        } catch (RuntimeException e) {
            uploads.discard(stored);
            throw e;
        }
    }

    /**
     * @return the JSON of one photo, as the viewer may see it
     */
    String one(String photoId, String reportId, Actor viewer, URI apiBase) {
        PhotoView view = transactions.get(photoId, reportId, viewer);
        return PhotoLinks.write(view, links.urls(apiBase)).build().toString();
    }
}
