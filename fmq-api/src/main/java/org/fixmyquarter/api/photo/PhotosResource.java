package org.fixmyquarter.api.photo;

import java.io.InputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;

/**
 * {@code /api/v1/reports/{id}/photos}: the photos of a report, added by its author or staff.
 */
@RequestScoped
@Path("/reports/{id}/photos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Photos", description = "Photos of reports and comments")
public class PhotosResource {

    /** What an upload may be sent as; the content decides what it is. */
    static final String UPLOAD_TYPES_NOTE = "Send one photo as the body (Content-Type image/jpeg, image/png, image/webp "
            + "or application/octet-stream; the server goes by the bytes, never the declared type or a file name), or "
            + "several as multipart/form-data, each in a part named 'photo'. JPEG, PNG and WebP (an animation keeps "
            + "its first frame), up to fmq.photos.max-bytes each (10 MiB by default) and fmq.photos.max-pixels. "
            + "Every file served is a JPEG without metadata: GPS position, camera serial, owner, comments and colour "
            + "profiles are removed, the camera's orientation applied. The photo is answered at once in state "
            + "'processing'; its files (thumbnail 320 px, medium 1280 px, original) appear when it is 'ready', or it "
            + "becomes 'failed' with a reason. Send an Idempotency-Key to retry safely on a bad network: a replay "
            + "returns the first answer.";

    @Inject
    private PhotoRequests requests;

    @Inject
    private PhotoTransactions transactions;

    @Inject
    private PhotoLinks links;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    @POST
    // No @Consumes: the bytes decide what an upload is, never its declared type, and a caller
    // without a token gets its 401 whatever it sent.
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "addReportPhotos", summary = "Add photos to a report",
            description = "Roles: the report's author; moderators, operators and administrators. At most "
                    + "fmq.photos.per-report photos a report (5 by default; failed ones do not count) and "
                    + "fmq.photos.per-day uploads a person in 24 hours (50; staff are not counted). " + UPLOAD_TYPES_NOTE)
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(ref = "PhotoUpload")),
            @Content(mediaType = "image/*", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "201", description = "The photo (one image sent) or {items} (multipart), processing; "
            + "Location names the photo or the collection", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PhotoUploaded"))})
    @APIResponse(responseCode = "400", description = "A malformed multipart body, a part not named 'photo', or a body "
            + "cut short", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Not the report's author, nor staff",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The report has its most photos (too-many-photos: limit), was "
            + "merged (report-merged), or the first request with this Idempotency-Key is still running",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "A photo is larger than fmq.photos.max-bytes (photo-too-large: "
            + "limit in bytes); refused as soon as the limit is passed", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG or WebP by its content (photo-unsupported), or a "
            + "Content-Type that is no image nor multipart", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "A photo with more pixels than allowed, checked before decoding "
            + "(photo-too-many-pixels: limit), cut short or corrupt (photo-corrupt), empty (photo-empty); or the "
            + "Idempotency-Key was used for another upload", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "The daily quota of photos is used up (photos-per-day); "
            + "Retry-After says when", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The media store is unavailable; Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response add(@PathParam("id") String reportId,
                        @Parameter(description = "Any unique string (a UUID is ideal), reused only to retry the same upload")
                        @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                        @Context HttpHeaders headers, InputStream body) {
        return requests.upload(reportId, null, Actors.of(security), headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                headers.getLength(), body, idempotencyKey, uriInfo.getAbsolutePath(), uriInfo.getBaseUri());
    }

    @GET
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listReportPhotos", summary = "The photos of a report",
            description = "Public: ready photos that are not hidden, with those of duplicates merged into it. Its "
                    + "uploader also sees their photos while processing or failed; staff see every photo, hidden ones "
                    + "marked, and the unredacted original of a redacted one.")
    @APIResponse(responseCode = "200", description = "{items}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PhotoList")))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String list(@PathParam("id") String reportId) {
        Actor viewer = Actors.of(security);
        return JsonBody.JSON.createObjectBuilder().add("items", PhotoLinks.write(
                transactions.ofReport(reportId, viewer, Actors.isStaff(security)), links.urls(uriInfo.getBaseUri())))
                .build().toString();
    }

    @GET
    @Path("/{photoId}")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getReportPhoto", summary = "One photo of a report",
            description = "Public, as in the list: poll it after an upload until its state is 'ready' or 'failed'.")
    @APIResponse(responseCode = "200", description = "The photo",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Photo")))
    @APIResponse(responseCode = "404", description = "No such photo on this report, for this reader",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String get(@PathParam("id") String reportId, @PathParam("photoId") String photoId) {
        return requests.one(photoId, reportId, Actors.of(security), uriInfo.getBaseUri());
    }

    @DELETE
    @Path("/{photoId}")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "deleteReportPhoto", summary = "Delete a photo",
            description = "Roles: who uploaded it; moderators and administrators. Its files leave the media store "
                    + "shortly after, unless another photo has the same bytes. Audited.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Neither its uploader nor a moderator",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such photo on this report",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@PathParam("id") String reportId, @PathParam("photoId") String photoId) {
        transactions.delete(photoId, reportId, Actors.of(security));
        return Response.noContent().build();
    }
}
