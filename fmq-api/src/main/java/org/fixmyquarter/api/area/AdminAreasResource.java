package org.fixmyquarter.api.area;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.fixmyquarter.core.area.Area;

/**
 * {@code /api/v1/admin/areas}: administrators import areas as a GeoJSON FeatureCollection, change
 * one's names, time zone or polygon, and retire one. Every change is audited by the core.
 */
@RequestScoped
@Path("/admin/areas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("administrator")
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Administration", description = "Plugins, users, roles, webhooks, deliveries and the audit log")
@APIResponse(responseCode = "403", description = "Not an administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class AdminAreasResource {

    /**
     * Largest import body, in bytes: a collection of districts with detailed borders, well above
     * the 64 KiB of other bodies; larger sets are imported in several requests.
     */
    public static final int IMPORT_MAX_BYTES = 16 * 1024 * 1024;

    @Inject
    private AreaTransactions areas;

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Context
    private SecurityContext security;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/geo+json"})
    @Operation(operationId = "importAreas", summary = "Import areas from GeoJSON",
            description = "Administrators. Body: a GeoJSON FeatureCollection (at most 16 MiB, 2,000 features) of "
                    + "Polygon or MultiPolygon features whose properties are name (an object of language tag to "
                    + "name, or a string in the deployment's default language), parent (optional: the id of an "
                    + "area, or the name of one earlier in the collection or already stored) and timeZone (an IANA "
                    + "id; taken from the parent when absent). All or nothing: a 400 names each invalid feature "
                    + "(features[i]...) and the reason (self-intersection, unclosed-ring, too-many-vertices...). "
                    + "Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AreaImport"), examples = @ExampleObject(name = "a district",
            value = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":"
                    + "{\"en\":\"Old Town\",\"fr\":\"Vieille ville\"},\"timeZone\":\"Europe/Paris\"},\"geometry\":"
                    + "{\"type\":\"Polygon\",\"coordinates\":[[[4.80,45.70],[4.81,45.70],[4.81,45.71],[4.80,45.71],"
                    + "[4.80,45.70]]]}}]}")))
    @APIResponse(responseCode = "201", description = "{items: [the new areas, in the collection's order]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AreaImportResult")))
    @APIResponse(responseCode = "400", description = "Not a FeatureCollection, or an invalid feature: its name, "
            + "parent, time zone or geometry, with the reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Larger than 16 MiB", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response importAreas(InputStream body) {
        JsonBody json = JsonBody.parse(body, IMPORT_MAX_BYTES);
        Locale fallback = texts.messages().defaultLocale();
        List<Area> imported = areas.importAreas(json.object(), fallback, Actors.of(security));
        Locale reader = texts.locale(headers);
        var items = JsonBody.JSON.createArrayBuilder();
        imported.forEach(area -> items.add(AreaJson.summary(area, reader, fallback)));
        return Response.status(201).entity(JsonBody.JSON.createObjectBuilder().add("items", items).build().toString())
                .build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeArea", summary = "Change an area",
            description = "Administrators. Body: any of {name, timeZone, geometry}, as in an import; what is absent "
                    + "stays. A new geometry routes the reports created from now on; reports already routed keep "
                    + "their areas. A retired area cannot be changed (409). Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AreaChange"), examples = @ExampleObject(name = "rename",
            value = "{\"name\":{\"en\":\"Old Town\",\"fr\":\"Vieille ville\"}}")))
    @APIResponse(responseCode = "200", description = "The area after the change",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AreaDetail")))
    @APIResponse(responseCode = "400", description = "An invalid name, time zone or geometry, with the reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such area", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The area is retired", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Larger than 16 MiB", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response change(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body, IMPORT_MAX_BYTES);
        Locale fallback = texts.messages().defaultLocale();
        Area area = areas.change(id, json.value("name"), json.value("timeZone"), json.value("geometry"), fallback,
                Actors.of(security));
        return Response.ok(AreaJson.detail(area, texts.locale(headers), fallback).toString()).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "retireArea", summary = "Retire an area",
            description = "Administrators. The area routes no new report and leaves the list, but stays readable "
                    + "and keeps the reports routed to it (area= still finds them). Areas nested in it must be "
                    + "retired first (409). Retiring a retired area changes nothing. Audited.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", description = "No such area", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Live areas are nested in it",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response retire(@PathParam("id") String id) {
        areas.retire(id, Actors.of(security));
        return Response.noContent().build();
    }
}
