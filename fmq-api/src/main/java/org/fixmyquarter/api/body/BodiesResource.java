package org.fixmyquarter.api.body;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.cache.PublicCached;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Representations;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.core.body.ServiceLevels;

/**
 * {@code /api/v1/bodies}: the responsible bodies, public: who handles which categories in which
 * areas. Where their reports are delivered is the administrators' ({@code /admin/bodies}).
 */
@RequestScoped
@Path("/bodies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Areas", description = "Districts, cities and the reports routed to them")
public class BodiesResource {

    @Inject
    private BodyTransactions bodies;

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @GET
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listBodies", summary = "List the responsible bodies",
            description = "Public. The live bodies in the order they were created: {id, name (in the reader's "
                    + "language), names, rules: [{category, area}] (null: every category, everywhere), default}.")
    @APIResponse(responseCode = "200", description = "{items: [...]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BodyList")))
    public Response list() {
        Locale reader = texts.locale(headers);
        Locale fallback = texts.messages().defaultLocale();
        var items = JsonBody.JSON.createArrayBuilder();
        bodies.list(false).forEach(b -> items.add(BodyJson.write(b, reader, fallback, false)));
        return Texts.inLanguage(Response.ok(JsonBody.JSON.createObjectBuilder().add("items", items).build().toString()),
                reader);
    }

    @GET
    @Path("/{id}")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getBody", summary = "One responsible body",
            description = "Public. A retired body is still found, with retiredAt, since reports routed to it name it.")
    @APIResponse(responseCode = "200", description = "The body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Body")))
    @APIResponse(responseCode = "404", description = "No such body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response get(@PathParam("id") String id) {
        Locale reader = texts.locale(headers);
        return Texts.inLanguage(Response.ok(BodyJson.write(bodies.get(id), reader, texts.messages().defaultLocale(), false)
                .toString()), reader);
    }

    @GET
    @Path("/{id}/service-levels")
    @PublicCached(citizens = true)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getBodyServiceLevels", summary = "A body's service levels",
            description = "Public. Computed from the status history of the reports the body holds now (hidden "
                    + "ones left out), up to the end of the current minute (computedAt): time to acknowledge (creation to the first step away "
                    + "from open, counted in the window it happened in) and time to resolve (creation to the last "
                    + "move to resolved in the window), count, median and 90th percentile (nearest rank, in seconds) "
                    + "over the last 30 and 90 days; the open and in_progress reports by age; overall and per "
                    + "category. docs/areas.md, \"Service levels\", defines each figure. A retired body still "
                    + "answers.")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServiceLevels")))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response serviceLevels(@PathParam("id") String id, @Context Request request) {
        Locale reader = texts.locale(headers);
        ServiceLevels.Summary levels = bodies.serviceLevels(id);
        JsonValue body = BodyJson.ofReport(bodies.byIds(List.of(id)).get(id), reader, texts.messages().defaultLocale());
        // The figures run to the end of the minute: a cache may keep them for a minute.
        return Texts.inLanguage(Representations.ok(request, ServiceLevelsJson.write(levels, body).toString(),
                "public, max-age=60"), reader);
    }
}
