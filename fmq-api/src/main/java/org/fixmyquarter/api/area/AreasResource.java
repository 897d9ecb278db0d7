package org.fixmyquarter.api.area;

import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.problem.Problem;

/**
 * {@code /api/v1/areas}: the areas reports are routed to, public: the live ones as a tree, and
 * one area (retired ones too) with its polygon. Names come in the reader's language.
 */
@RequestScoped
@Path("/areas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Areas", description = "Districts, cities and the reports routed to them")
public class AreasResource {

    @Inject
    private AreaTransactions areas;

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @GET
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listAreas", summary = "List the areas as a tree",
            description = "Public. The live (not retired) areas, top-level ones first, each with its children: "
                    + "{id, name (in the reader's language), names (every language), parent, timeZone, "
                    + "bbox [west, south, east, north], children}. Polygons are in GET /areas/{id}.")
    @APIResponse(responseCode = "200", description = "{items: [...]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AreaTree")))
    public Response list() {
        Locale reader = texts.locale(headers);
        Locale fallback = texts.messages().defaultLocale();
        return Texts.inLanguage(Response.ok(JsonBody.JSON.createObjectBuilder()
                .add("items", AreaJson.tree(areas.list(), reader, fallback)).build().toString()), reader);
    }

    @GET
    @Path("/{id}")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getArea", summary = "One area with its polygon",
            description = "Public. With its GeoJSON geometry (Polygon or MultiPolygon, longitude first); a retired "
                    + "area is still found, with retiredAt, since reports routed to it name it.")
    @APIResponse(responseCode = "200", description = "The area",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AreaDetail")))
    @APIResponse(responseCode = "404", description = "No such area", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response get(@PathParam("id") String id) {
        Locale reader = texts.locale(headers);
        return Texts.inLanguage(Response.ok(AreaJson.detail(areas.get(id), reader, texts.messages().defaultLocale())
                .toString()), reader);
    }
}
