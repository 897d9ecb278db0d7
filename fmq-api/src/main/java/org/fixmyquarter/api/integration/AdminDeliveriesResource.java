package org.fixmyquarter.api.integration;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
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
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Paging;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.delivery.Deliveries;
import org.fixmyquarter.core.delivery.Delivery;
import org.fixmyquarter.core.error.ValidationException;

/**
 * {@code /api/v1/admin/deliveries}: every delivery of an event to a target (a plugin such as
 * {@code notification-channel/email}, a background job {@code job/<name>}, a webhook
 * {@code webhook/<id>}), and the replay of dead ones.
 */
@RequestScoped
@Path("/admin/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("administrator")
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Administration", description = "Plugins, users, roles, webhooks, deliveries and the audit log")
@APIResponse(responseCode = "403", description = "Not an administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class AdminDeliveriesResource {

    @Inject
    private IntegrationTransactions integrations;

    @Context
    private SecurityContext security;

    @GET
    @Operation(operationId = "listDeliveries", summary = "List deliveries, most recently changed first",
            description = "Administrators. ?target=webhook/<id> (or a plugin's kind/id, or job/<name>) and "
                    + "?state=pending|delivered|dead|skipped filter. Each: attempts, lastStatus and latencyMs of the "
                    + "last HTTP call (webhooks), nextAttemptAt (pending ones), lastError.")
    @APIResponse(responseCode = "200", description = "{items: [...], next}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DeliveryPage")))
    @APIResponse(responseCode = "400", description = "Unknown state, bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String list(@Parameter(description = "One target, such as webhook/<id> or notification-channel/email")
                       @QueryParam("target") String target,
                       @Parameter(description = "pending, delivered, dead or skipped") @QueryParam("state") String state,
                       @Parameter(description = "Page size, 1 to 200 (default 50)",
                               schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit,
                       @Parameter(description = "The 'next' cursor of the previous page")
                       @QueryParam("cursor") String cursor) {
        Deliveries.Page page = integrations.deliveries(Paging.emptyToNull(target), Paging.emptyToNull(state),
                Paging.limit(limit, 50, Deliveries.MAX_LIMIT), Paging.emptyToNull(cursor), Actors.of(security));
        var items = JsonBody.JSON.createArrayBuilder();
        for (Deliveries.Item item : page.items()) {
            items.add(write(item));
        }
        return Paging.page(items, page.next()).toString();
    }

    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayDelivery", summary = "Replay a dead delivery",
            description = "Administrators. It goes back to pending, due at once, with its attempts counted afresh; "
                    + "the event keeps its id, so a receiver that had it drops the copy. Audited.")
    @APIResponse(responseCode = "200", description = "The delivery, pending again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Delivery")))
    @APIResponse(responseCode = "404", description = "No such delivery",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not dead (not-dead): only dead deliveries are replayed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String replay(@PathParam("id") String id) {
        return write(integrations.replay(id, Actors.of(security))).build().toString();
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayDeliveries", summary = "Replay every dead delivery of a target",
            description = "Administrators. Body: {target, from, to}: from and to (ISO-8601 instants, optional) limit "
                    + "it to events that happened from 'from' (included) to 'to' (excluded). Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "DeliveryReplay"), examples = @ExampleObject(name = "one day",
            value = "{\"target\":\"webhook/3f9c2a7d5e8b4c1a9f0e6d2b7a4c8e1f\",\"from\":\"2026-03-01T00:00:00Z\","
                    + "\"to\":\"2026-03-02T00:00:00Z\"}")))
    @APIResponse(responseCode = "200", description = "{replayed: how many}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DeliveriesReplayed")))
    @APIResponse(responseCode = "400", description = "No target, or a time that is not an ISO-8601 instant",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String replayAll(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String target = json.string("target");
        String from = json.string("from");
        String to = json.string("to");
        json.check();
        int replayed = integrations.replayAll(target, instant("from", from), instant("to", to), Actors.of(security));
        return JsonBody.JSON.createObjectBuilder().add("replayed", replayed).build().toString();
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be an ISO-8601 instant in UTC, such as 2026-03-01T00:00:00Z");
        }
    }

    private static JsonObjectBuilder write(Deliveries.Item item) {
        Delivery delivery = item.delivery();
        var json = JsonBody.JSON.createObjectBuilder()
                .add("id", delivery.getId())
                .add("target", delivery.getConsumer());
        AdminWebhooksResource.orNull(json, "recipientId", delivery.getRecipientId());
        json.add("eventId", delivery.getEventId());
        AdminWebhooksResource.orNull(json, "eventType", item.eventType());
        AdminWebhooksResource.orNull(json, "subjectId", item.subjectId());
        AdminWebhooksResource.orNull(json, "occurredAt", item.occurredAt() == null ? null
                : item.occurredAt().toString());
        json.add("state", delivery.getState()).add("attempts", delivery.getAttempts());
        if (delivery.getLastStatus() == null) {
            json.addNull("lastStatus");
        } else {
            json.add("lastStatus", delivery.getLastStatus());
        }
        if (delivery.getLastLatencyMs() == null) {
            json.addNull("latencyMs");
        } else {
            json.add("latencyMs", delivery.getLastLatencyMs());
        }
        AdminWebhooksResource.orNull(json, "nextAttemptAt", Delivery.PENDING.equals(delivery.getState())
                ? delivery.getNextAttemptAt().toString() : null);
        AdminWebhooksResource.orNull(json, "lastError", delivery.getLastError());
        return json.add("updatedAt", delivery.getUpdatedAt().toString());
    }
}
