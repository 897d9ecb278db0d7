package org.fixmyquarter.api.notification;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Paging;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.notification.InAppNotification;
import org.fixmyquarter.core.notification.Inbox;

/**
 * The signed-in user's in-app notifications: listed newest first, marked read one by one or all
 * at once. Nobody sees or marks another person's.
 */
@Path("/me/notifications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"citizen", "moderator", "operator", "administrator"})
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Notifications", description = "The signed-in user's in-app notifications")
public class NotificationsResource {

    @Inject
    private InboxTransactions inbox;

    @Context
    private SecurityContext security;

    @GET
    @Operation(operationId = "listNotifications",
            summary = "My notifications, newest first", description = "Any signed-in user, their own only. "
            + "?unread=true leaves out the ones read; cursor paging with limit (1 to 100, default 20). Answers "
            + "{items: [{id, type, reportId, reason, subject, text, createdAt, read}], next, unread}; reason is "
            + "MENTIONED, FOLLOWING_REPORT or FOLLOWING_AREA, unread counts all pages.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NotificationPage")))
    @APIResponse(responseCode = "400", description = "Bad limit, cursor or unread flag", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String list(@Parameter(description = "true: only the unread ones", schema = @Schema(type = SchemaType.BOOLEAN))
                       @QueryParam("unread") String unread,
                       @Parameter(description = "The 'next' cursor of the previous page") @QueryParam("cursor") String cursor,
                       @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER))
                       @QueryParam("limit") String limit) {
        Inbox.Page page = inbox.list(me(), parseFlag(unread), Paging.emptyToNull(cursor),
                Paging.limit(limit, Inbox.DEFAULT_LIMIT, Inbox.MAX_LIMIT));
        var items = JsonBody.JSON.createArrayBuilder();
        page.items().forEach(n -> items.add(write(n)));
        var json = JsonBody.JSON.createObjectBuilder().add("items", items);
        if (page.next() == null) {
            json.addNull("next");
        } else {
            json.add("next", page.next());
        }
        return json.add("unread", page.unread()).build().toString();
    }

    @POST
    @Path("/{notificationId}/read")
    @Operation(operationId = "markNotificationRead",
            summary = "Mark one of my notifications read", description = "Any signed-in user, their own only; "
            + "marking it again changes nothing.")
    @APIResponse(responseCode = "200", description = "The notification",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Notification")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such notification of mine", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String markRead(@PathParam("notificationId") String id) {
        return write(inbox.markRead(me(), id)).build().toString();
    }

    @POST
    @Path("/read-all")
    @Operation(operationId = "markAllNotificationsRead",
            summary = "Mark all my notifications read", description = "Any signed-in user. Answers {marked, "
            + "unread: 0}.")
    @APIResponse(responseCode = "200", description = "{marked, unread}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "MarkedRead")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String markAllRead() {
        int marked = inbox.markAllRead(me());
        return JsonBody.JSON.createObjectBuilder().add("marked", marked).add("unread", inbox.unread(me())).build()
                .toString();
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }

    private static boolean parseFlag(String value) {
        if (value == null || value.isEmpty() || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        throw ValidationException.of("unread", "validation.not-boolean", "must be true or false");
    }

    private static JsonObjectBuilder write(InAppNotification n) {
        return JsonBody.JSON.createObjectBuilder()
                .add("id", n.getId())
                .add("type", n.getEventType())
                .add("reportId", n.getReportId())
                .add("reason", n.getReason())
                .add("subject", n.getSubject())
                .add("text", n.getBody())
                .add("createdAt", n.getCreatedAt().toString())
                .add("read", n.getReadAt() != null);
    }
}
