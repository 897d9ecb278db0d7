package org.fixmyquarter.api.moderation;

import java.io.InputStream;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.comment.CommentJson;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Paging;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.photo.PhotoLinks;
import org.fixmyquarter.api.report.ReportJson;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.moderation.Flags;
import org.fixmyquarter.core.report.Report;

/**
 * {@code /api/v1/moderation}: the queue of flagged content, dismissing flags, hiding and unhiding,
 * merging duplicate reports. Moderators and administrators only.
 */
@RequestScoped
@Path("/moderation")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"moderator", "administrator"})
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Moderation", description = "Flagged content, hiding, merging duplicates, redacting photos (moderators, "
        + "administrators)")
@APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "Not a moderator or administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class ModerationResource {

    private static final String REASON = "{\"reason\":\"Shows a car plate\"}";

    @Inject
    private ModerationTransactions moderation;

    @Inject
    private PhotoLinks photoLinks;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    @GET
    @Path("/flags")
    @Operation(operationId = "listFlaggedContent", summary = "The queue of flagged content, oldest first",
            description = "One item per flagged report or comment: {targetKind, reportId, commentId, preview, flags, "
                    + "reasons: {reason: count}, firstFlaggedAt, lastFlaggedAt, hidden}, the target flagged first at "
                    + "the top. state=resolved lists targets whose flags were resolved. Page with the 'next' cursor. "
                    + "Roles: moderator, administrator.")
    @APIResponse(responseCode = "200", description = "{items, next}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ModerationQueue")))
    @APIResponse(responseCode = "400", description = "Unknown state, bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String queue(
            @Parameter(description = "open (default) or resolved") @QueryParam("state") String state,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "The 'next' cursor of the previous page") @QueryParam("cursor") String cursor) {
        boolean resolved;
        if (state == null || state.isEmpty() || "open".equals(state)) {
            resolved = false;
        } else if ("resolved".equals(state)) {
            resolved = true;
        } else {
            throw ValidationException.of("state", "validation.unknown-flag-state", "'" + state
                    + "' is not a state; one of: open, resolved", state, "open, resolved");
        }
        Flags.Page page = moderation.queue(Actors.of(security), resolved, Paging.limit(limit, 20, Flags.MAX_LIMIT),
                Paging.emptyToNull(cursor));
        var items = JsonBody.JSON.createArrayBuilder();
        page.items().forEach(group -> items.add(ModerationJson.write(group)));
        return Paging.page(items, page.next()).toString();
    }

    @POST
    @Path("/flags/dismiss")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "dismissFlags", summary = "Dismiss the open flags of a report or comment",
            description = "Body: {reportId, commentId (for a comment's flags), reason (1 to 500 characters)}. The "
                    + "flags are resolved without acting on the content; the action is audited. Answers {resolved: "
                    + "how many flags}. Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "DismissFlagsRequest"), examples = @ExampleObject(name = "dismiss", value = "{\"reportId\":\"…\",\"reason\":\"A real problem\"}")))
    @APIResponse(responseCode = "200", description = "{resolved}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DismissedFlags")))
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report or comment",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String dismiss(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String reportId = json.string("reportId");
        String commentId = json.string("commentId");
        String reason = json.string("reason");
        json.check();
        int resolved = moderation.dismiss(reportId, commentId, reason, Actors.of(security));
        return JsonBody.JSON.createObjectBuilder().add("resolved", resolved).build().toString();
    }

    @POST
    @Path("/reports/{id}/hide")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "hideReport",
            summary = "Hide a report", description = "Body: {reason} (1 to 500 characters). The report, its "
            + "comments, votes and follows are then not found (404) for visitors and citizens, its author included; "
            + "staff still see it, marked hidden: {reason, by, at}. Resolves the report's open flags; audited; event "
            + "report.hidden. Hiding a hidden report changes nothing. Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ModerationReason"), examples = @ExampleObject(name = "hide", value = REASON)))
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Missing or too long reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String hideReport(@PathParam("id") String id, InputStream body) {
        return withPhotos(moderation.hideReport(id, true, ModerationJson.reason(body), Actors.of(security)));
    }

    @POST
    @Path("/reports/{id}/unhide")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "unhideReport",
            summary = "Show a hidden report again", description = "Body: {reason} (1 to 500 characters). Audited; "
            + "event report.unhidden. Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ModerationReason"),
            examples = @ExampleObject(name = "unhide", value = "{\"reason\":\"Plate blurred\"}")))
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Missing or too long reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String unhideReport(@PathParam("id") String id, InputStream body) {
        return withPhotos(moderation.hideReport(id, false, ModerationJson.reason(body), Actors.of(security)));
    }

    @POST
    @Path("/comments/{commentId}/hide")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "hideComment",
            summary = "Hide a comment", description = "Body: {reason} (1 to 500 characters). The comment leaves "
            + "the public list (its author included); staff still see it, marked hidden: {reason, by, at}. Resolves "
            + "its open flags; audited; event comment.hidden. Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ModerationReason"), examples = @ExampleObject(name = "hide", value = "{\"reason\":\"Insult\"}")))
    @APIResponse(responseCode = "200", description = "The comment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Comment")))
    @APIResponse(responseCode = "400", description = "Missing or too long reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such comment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String hideComment(@PathParam("commentId") String commentId, InputStream body) {
        Comment comment = moderation.hideComment(commentId, true, ModerationJson.reason(body), Actors.of(security));
        return CommentJson.write(comment, photoLinks.ofComments(List.of(commentId), Actors.of(security),
                uriInfo.getBaseUri()).apply(commentId)).build().toString();
    }

    @POST
    @Path("/comments/{commentId}/unhide")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "unhideComment",
            summary = "Show a hidden comment again", description = "Body: {reason} (1 to 500 characters). "
            + "Audited; event comment.unhidden. Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ModerationReason"),
            examples = @ExampleObject(name = "unhide", value = "{\"reason\":\"Apologised\"}")))
    @APIResponse(responseCode = "200", description = "The comment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Comment")))
    @APIResponse(responseCode = "400", description = "Missing or too long reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such comment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String unhideComment(@PathParam("commentId") String commentId, InputStream body) {
        Comment comment = moderation.hideComment(commentId, false, ModerationJson.reason(body), Actors.of(security));
        return CommentJson.write(comment, photoLinks.ofComments(List.of(commentId), Actors.of(security),
                uriInfo.getBaseUri()).apply(commentId)).build().toString();
    }

    @POST
    @Path("/reports/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "mergeReport", summary = "Merge a duplicate report into the original",
            description = "Body: {into: the original's id, reason (1 to 500 characters)}. The duplicate moves to "
                    + "status duplicate (history entry of kind merged naming the original; events "
                    + "report.status_changed and report.merged), its votes and followers move to the original (a "
                    + "person who supported both counts once), its open duplicate flags are resolved. Afterwards GET "
                    + "/reports/{id} of the duplicate answers 308 to the original. Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "MergeRequest"), examples = @ExampleObject(name = "merge", value = "{\"into\":\"…\",\"reason\":\"Same lamp post\"}")))
    @APIResponse(responseCode = "200", description = "The duplicate, with mergedInto",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Missing reason or into, or into names no report",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Into itself, into a merged or hidden report, a report merged "
            + "already, or a closed report the workflow cannot move to duplicate",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String merge(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String into = json.string("into");
        String reason = json.string("reason");
        json.check();
        return withPhotos(moderation.merge(id, into, reason, Actors.of(security)));
    }

    private String withPhotos(Report report) {
        return ReportJson.write(report, photoLinks.ofReports(List.of(report.getId()), Actors.of(security),
                uriInfo.getBaseUri()).apply(report.getId())).toString();
    }

}
