package org.fixmyquarter.api.body;

import java.io.InputStream;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;

/**
 * {@code /api/v1/admin/bodies}: administrators create responsible bodies, list them with where
 * their reports are delivered, change and retire them. Every change is audited by the core.
 */
@RequestScoped
@Path("/admin/bodies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("administrator")
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Administration", description = "Plugins, users, roles, webhooks, deliveries and the audit log")
@APIResponse(responseCode = "403", description = "Not an administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class AdminBodiesResource {

    private static final String EXAMPLE = "{\"name\":{\"en\":\"Roads department\",\"fr\":\"Voirie\"},"
            + "\"rules\":[{\"category\":\"road\",\"area\":\"<an area id>\"},{\"category\":\"lighting\"}],"
            + "\"delivery\":{\"type\":\"webhook\",\"webhook\":\"<a webhook id>\"},\"default\":false}";

    @Inject
    private BodyTransactions bodies;

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createBody", summary = "Create a responsible body",
            description = "Administrators. Body: {name (an object of language tag to name, or a string in the "
                    + "deployment's default language), rules: [{category, area}] (a rule without category covers "
                    + "every category, one without area everywhere), delivery: {type: triage | connector (with "
                    + "connector: a helpdesk connector plugin's id) | webhook (with webhook: a registered webhook's "
                    + "id) | email (with email)}, default (true: the body of the reports no rule routes; the former "
                    + "default stops being it)}. Two live bodies never hold the same rule (409 body-rule-taken). "
                    + "Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "BodyInput"), examples = @ExampleObject(name = "roads", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "The new body, with its delivery",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BodyAdmin")))
    @APIResponse(responseCode = "400", description = "A missing or invalid name, an unknown category, area or "
            + "webhook, a malformed delivery", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Another live body holds one of the rules",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        Locale fallback = texts.messages().defaultLocale();
        BodyTransactions.WithRules created = bodies.create(json.object(), fallback, Actors.of(security));
        return Response.created(uriInfo.getBaseUriBuilder().path("bodies").path(created.body().getId()).build())
                .entity(BodyJson.write(created, texts.locale(headers), fallback, true).toString()).build();
    }

    @GET
    @Operation(operationId = "listBodiesAdmin", summary = "List every body with its delivery",
            description = "Administrators. The live bodies in the order they were created, then the retired ones "
                    + "(with retiredAt); each with its rules and delivery.")
    @APIResponse(responseCode = "200", description = "{items: [...]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BodyAdminList")))
    public Response list() {
        Locale reader = texts.locale(headers);
        Locale fallback = texts.messages().defaultLocale();
        var items = JsonBody.JSON.createArrayBuilder();
        bodies.list(true).forEach(b -> items.add(BodyJson.write(b, reader, fallback, true)));
        return Response.ok(JsonBody.JSON.createObjectBuilder().add("items", items).build().toString()).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeBody", summary = "Change a body",
            description = "Administrators. Body: any of {name, rules, delivery, default}, as in a creation; rules "
                    + "replace all the former ones; what is absent stays. Reports already routed keep their body. A "
                    + "retired body cannot be changed (409 body-retired). Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "BodyChange"), examples = @ExampleObject(name = "by e-mail",
            value = "{\"delivery\":{\"type\":\"email\",\"email\":\"roads@city.example\"}}")))
    @APIResponse(responseCode = "200", description = "The body after the change",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BodyAdmin")))
    @APIResponse(responseCode = "400", description = "An invalid name, rule or delivery",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The body is retired, or another live body holds one of the "
            + "rules", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response change(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        Locale fallback = texts.messages().defaultLocale();
        BodyTransactions.WithRules changed = bodies.change(id, json.object(), fallback, Actors.of(security));
        return Response.ok(BodyJson.write(changed, texts.locale(headers), fallback, true).toString()).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "retireBody", summary = "Retire a body",
            description = "Administrators. The body routes no new report, is no longer the default and leaves the "
                    + "public list, but stays readable and keeps the reports routed to it (body= still finds them, "
                    + "and their events still reach its delivery target until they are moved). Its rules are free "
                    + "for another body. Retiring a retired body changes nothing. Audited.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", description = "No such body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response retire(@PathParam("id") String id) {
        bodies.retire(id, Actors.of(security));
        return Response.noContent().build();
    }
}
