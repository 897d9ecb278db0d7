package org.fixmyquarter.api.integration;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.delivery.Webhook;
import org.fixmyquarter.core.delivery.Webhooks;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;

/**
 * {@code /api/v1/admin/webhooks}: administrators register the HTTP receivers events are POSTed
 * to, signed the Standard Webhooks way (docs/integrations.md). A secret is shown once, when it is
 * made; reads never show it.
 */
@RequestScoped
@Path("/admin/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("administrator")
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Administration", description = "Plugins, users, roles, webhooks, deliveries and the audit log")
@APIResponse(responseCode = "403", description = "Not an administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class AdminWebhooksResource {

    @Inject
    private IntegrationTransactions integrations;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Register a webhook",
            description = "Administrators. Body: {url: an absolute http or https URL, eventTypes: [...] (absent or "
                    + "empty: every event webhooks receive), description}. The answer carries the generated secret "
                    + "(whsec_...), shown this once only: keep it where the receiver verifies signatures. Audited "
                    + "(without the secret).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewWebhook"), examples = @ExampleObject(name = "helpdesk",
            value = "{\"url\":\"https://helpdesk.example.org/hooks/fmq\",\"eventTypes\":[\"report.created\","
                    + "\"report.status_changed\"],\"description\":\"City helpdesk\"}")))
    @APIResponse(responseCode = "201", description = "The webhook with its secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookWithSecret")))
    @APIResponse(responseCode = "400", description = "Not an absolute http(s) URL, an unknown event type, or a "
            + "description that is too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String url = json.string("url");
        List<String> types = strings(json.array("eventTypes"));
        String description = json.string("description");
        json.check();
        Webhooks.WithSecret created = integrations.create(url, types, description, Actors.of(security));
        return Response.status(201).entity(withSecret(created).toString()).build();
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List the webhooks",
            description = "Administrators. Oldest first, each with its circuit breaker's state; never the secret.")
    @APIResponse(responseCode = "200", description = "{items: [...]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Webhooks")))
    public String list() {
        var items = JsonBody.JSON.createArrayBuilder();
        for (Webhook webhook : integrations.list(Actors.of(security))) {
            items.add(write(webhook));
        }
        return JsonBody.JSON.createObjectBuilder().add("items", items).build().toString();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "One webhook",
            description = "Administrators. With its circuit breaker (closed, open, half_open; failures in a row; "
                    + "until when it holds calls back) and, when the server switched it off (a 410 Gone), why.")
    @APIResponse(responseCode = "200", description = "The webhook",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Webhook")))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String get(@PathParam("id") String id) {
        return write(integrations.get(id, Actors.of(security))).build().toString();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeWebhook", summary = "Change a webhook",
            description = "Administrators. Body: any of {url, eventTypes, description, enabled}; what is absent stays "
                    + "as it is. enabled=true after the server switched it off clears the notice and closes the "
                    + "breaker; its dead deliveries can then be replayed. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "WebhookChange"), examples = @ExampleObject(name = "switch on",
            value = "{\"enabled\":true}")))
    @APIResponse(responseCode = "200", description = "The webhook after the change",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Webhook")))
    @APIResponse(responseCode = "400", description = "A value that is not acceptable",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String change(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String url = json.string("url");
        List<String> types = strings(json.array("eventTypes"));
        String description = json.string("description");
        Boolean enabled = json.bool("enabled");
        json.check();
        return write(integrations.change(id, url, types, description, enabled, Actors.of(security))).build()
                .toString();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook",
            description = "Administrators. Its pending deliveries are skipped. Audited.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@PathParam("id") String id) {
        integrations.delete(id, Actors.of(security));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Give a webhook a new secret",
            description = "Administrators. The new secret is shown this once. For fmq.webhooks.secret-grace (24 h) "
                    + "deliveries carry two signatures in webhook-signature, one with each secret, so the receiver "
                    + "can switch when it likes. Audited.")
    @APIResponse(responseCode = "200", description = "The webhook with its new secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookWithSecret")))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String rotate(@PathParam("id") String id) {
        return withSecret(integrations.rotateSecret(id, Actors.of(security))).toString();
    }

    private static jakarta.json.JsonObject withSecret(Webhooks.WithSecret created) {
        return write(created.webhook()).add("secret", created.secret()).build();
    }

    /** @return the strings of an array, or {@code null} when absent; anything else in it is refused */
    private static List<String> strings(JsonArray array) {
        if (array == null) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonString)) {
                throw new ValidationException(List.of(new FieldError("eventTypes",
                        "must be an array of event type names, such as [\"report.created\"]")));
            }
            strings.add(((JsonString) value).getString());
        }
        return strings;
    }

    static JsonObjectBuilder write(Webhook webhook) {
        var types = JsonBody.JSON.createArrayBuilder();
        webhook.getEventTypes().forEach(types::add);
        var breaker = JsonBody.JSON.createObjectBuilder()
                .add("state", webhook.getBreakerState())
                .add("consecutiveFailures", webhook.getConsecutiveFailures());
        orNull(breaker, "until", webhook.getBreakerUntil() == null ? null : webhook.getBreakerUntil().toString());
        var item = JsonBody.JSON.createObjectBuilder()
                .add("id", webhook.getId())
                .add("target", webhook.target())
                .add("url", webhook.getUrl())
                .add("eventTypes", types);
        orNull(item, "description", webhook.getDescription());
        item.add("enabled", webhook.isEnabled());
        orNull(item, "disabledReason", webhook.getDisabledReason());
        orNull(item, "previousSecretUntil", webhook.getPreviousSecretUntil() == null ? null
                : webhook.getPreviousSecretUntil().toString());
        return item.add("breaker", breaker)
                .add("createdAt", webhook.getCreatedAt().toString())
                .add("updatedAt", webhook.getUpdatedAt().toString());
    }

    static void orNull(JsonObjectBuilder builder, String name, String value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value);
        }
    }
}
