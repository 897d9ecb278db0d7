package org.fixmyquarter.api.comment;

import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.moderation.ModerationJson;
import org.fixmyquarter.api.moderation.ModerationTransactions;
import org.fixmyquarter.api.photo.PhotoLinks;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.comment.Comment;

/**
 * {@code /api/v1/reports/{id}/comments}: what people say about a report.
 */
@RequestScoped
@Path("/reports/{id}/comments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Comments", description = "Comments on reports")
public class CommentsResource {

    @Inject
    private CommentTransactions comments;

    @Inject
    private ModerationTransactions moderation;

    @Inject
    private PhotoLinks photoLinks;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    private Function<String, JsonArray> photosOf(List<String> commentIds) {
        return photoLinks.ofComments(commentIds, Actors.of(security), uriInfo.getBaseUri());
    }

    @GET
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listComments",
            summary = "The comments of a report, oldest first", description = "Public. Deleted comments stay "
            + "in place, marked deleted and without their text. Comments a moderator hid are left out, except for "
            + "staff (moderators, operators, administrators), who see them marked hidden: {reason, by, at}.")
    @APIResponse(responseCode = "200", description = "{items: [{id, author, text, official, createdAt, editedAt, deleted}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Comments")))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String list(@PathParam("id") String reportId) {
        var items = JsonBody.JSON.createArrayBuilder();
        List<Comment> list = comments.list(reportId, Actors.isStaff(security));
        Function<String, JsonArray> photos = photosOf(list.stream().map(Comment::getId).toList());
        list.forEach(c -> items.add(CommentJson.write(c, photos.apply(c.getId()))));
        return JsonBody.JSON.createObjectBuilder().add("items", items).build().toString();
    }

    @POST
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "addComment",
            summary = "Comment on a report", description = "Any signed-in user. Body: {text, official}: text is "
            + "plain text, 1 to 2000 characters; @handle mentions notify those people (up to 10 per comment). "
            + "official: true marks an official reply of the responsible body, for operators and administrators "
            + "only. The author follows the report from then on.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewComment"), examples = @ExampleObject(name = "official reply",
            value = "{\"text\":\"The crew fills it on Monday.\",\"official\":true}")))
    @APIResponse(responseCode = "201", description = "The comment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Comment")))
    @APIResponse(responseCode = "400", description = "Blank or too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "An official reply from someone who is not an operator or "
            + "administrator", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response add(@PathParam("id") String reportId, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String text = json.string("text");
        boolean official = Boolean.TRUE.equals(json.bool("official"));
        json.check();
        Actor author = Actors.of(security);
        // The core decides (CommentService.add checks it too); asked first so that the refusal
        // comes before looking the report up, as for every role rule.
        Permissions.checkComment(author, official);
        Comment comment = comments.add(reportId, text, author, official,
                Actors.isStaff(security));
        // A new comment has no photos yet: they are attached to it afterwards.
        return Response.status(201).entity(CommentJson.write(comment, JsonValue.EMPTY_JSON_ARRAY).build().toString())
                .build();
    }

    @PATCH
    @Path("/{commentId}")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "editComment",
            summary = "Edit one's own comment", description = "Its author, within fmq.comments.edit-window "
            + "(15 minutes) of writing it; the earlier wording is kept. Body: {text}.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "CommentEdit")))
    @APIResponse(responseCode = "200", description = "The comment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Comment")))
    @APIResponse(responseCode = "400", description = "Blank or too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Someone else's comment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such comment on this report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Deleted, or too late to edit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String edit(@PathParam("id") String reportId, @PathParam("commentId") String commentId, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String text = json.string("text");
        json.check();
        Comment comment = comments.edit(reportId, commentId, text, Actors.of(security), Actors.isStaff(security));
        return CommentJson.write(comment, photosOf(List.of(commentId)).apply(commentId)).build().toString();
    }

    @DELETE
    @Path("/{commentId}")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "deleteComment",
            summary = "Delete one's own comment", description = "Its author, within the edit window. The comment "
            + "stays in place, marked deleted; its text is kept for staff only.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Someone else's comment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such comment on this report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Deleted already, or too late", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@PathParam("id") String reportId, @PathParam("commentId") String commentId) {
        comments.delete(reportId, commentId, Actors.of(security), Actors.isStaff(security));
        return Response.noContent().build();
    }

    @POST
    @Path("/{commentId}/flags")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "flagComment",
            summary = "Flag a comment for the moderators", description = "Any signed-in user. Body: {reason: "
            + "spam, abusive, personal_data or other; note: up to 500 characters, optional}. A person has one open "
            + "flag per comment: flagging it again answers 200 with that flag.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewFlag"), examples = @ExampleObject(name = "abusive", value = "{\"reason\":\"abusive\",\"note\":\"Insults a neighbour\"}")))
    @APIResponse(responseCode = "201", description = "The new flag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Flag")))
    @APIResponse(responseCode = "200", description = "The caller's open flag on this comment, unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Flag")))
    @APIResponse(responseCode = "400", description = "Missing or unknown reason, note too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such comment on this report",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response flag(@PathParam("id") String reportId, @PathParam("commentId") String commentId, InputStream body) {
        return ModerationJson.flag(moderation, reportId, commentId, body, security);
    }
}
