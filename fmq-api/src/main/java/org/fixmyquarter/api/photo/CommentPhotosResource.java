package org.fixmyquarter.api.photo;

import java.io.InputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;

/**
 * {@code /api/v1/reports/{id}/comments/{commentId}/photos}: photos attached to a comment by its
 * author. They are listed in the comment's {@code photos}.
 */
@RequestScoped
@Path("/reports/{id}/comments/{commentId}/photos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Photos", description = "Photos of reports and comments")
public class CommentPhotosResource {

    @Inject
    private PhotoRequests requests;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    @POST
    // No @Consumes: the bytes decide what an upload is, never its declared type, and a caller
    // without a token gets its 401 whatever it sent.
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "addCommentPhotos", summary = "Attach photos to a comment",
            description = "Roles: the comment's author. At most fmq.photos.per-comment photos a comment (3 by "
                    + "default), within the same daily quota as report photos. The comment's 'photos' lists them; "
                    + "delete one with DELETE /reports/{id}/photos/{photoId}. " + PhotosResource.UPLOAD_TYPES_NOTE)
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(ref = "PhotoUpload")),
            @Content(mediaType = "image/*", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "201", description = "The photo (one image sent) or {items} (multipart), processing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PhotoUploaded")))
    @APIResponse(responseCode = "400", description = "A malformed multipart body, a part not named 'photo', or a body "
            + "cut short", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Not the comment's author", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report or comment (or a deleted comment)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The comment has its most photos (too-many-photos), the report "
            + "was merged, or the first request with this Idempotency-Key is still running",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "A photo is larger than fmq.photos.max-bytes (photo-too-large)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG or WebP by its content (photo-unsupported)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Too many pixels, corrupt or empty; or the Idempotency-Key was "
            + "used for another upload", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "The daily quota of photos is used up; Retry-After says when",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The media store is unavailable; Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response add(@PathParam("id") String reportId, @PathParam("commentId") String commentId,
                        @Parameter(description = "Any unique string (a UUID is ideal), reused only to retry the same upload")
                        @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                        @Context HttpHeaders headers, InputStream body) {
        return requests.upload(reportId, commentId, Actors.of(security), headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                headers.getLength(), body, idempotencyKey, uriInfo.getAbsolutePath(), uriInfo.getBaseUri());
    }
}
