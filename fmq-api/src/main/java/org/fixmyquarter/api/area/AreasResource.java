package org.fixmyquarter.api.area;

import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.cache.PublicCached;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Representations;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.core.area.AreaBoundaries;
import org.fixmyquarter.core.error.ValidationException;

/**
 * {@code /api/v1/areas}: the areas reports are routed to, public: the live ones as a tree, and
 * one area (retired ones too) with its polygon. Names come in the reader's language.
 */
@RequestScoped
@Path("/areas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Areas", description = "Districts, cities and the reports routed to them")
public class AreasResource {

    private static final String GEOJSON = "application/geo+json";

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
    @Path("/boundaries")
    @PublicCached(citizens = true)
    @Produces({GEOJSON, MediaType.APPLICATION_JSON})
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listAreaBoundaries", summary = "The areas' outlines for a map",
            description = "Public. The live areas as a GeoJSON FeatureCollection: each feature's id is the area's, "
                    + "its geometry the polygon simplified to about 10 metres (topology kept), its properties "
                    + "{name (in the reader's language), parent}. bbox=west,south,east,north keeps the areas whose "
                    + "bounding box overlaps it. At most 500 areas, parents first; truncated (a foreign member) says "
                    + "when more lie there.")
    @APIResponse(responseCode = "200", description = "A FeatureCollection",
            content = {@Content(mediaType = GEOJSON, schema = @Schema(ref = "AreaBoundaries")),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AreaBoundaries"))})
    @APIResponse(responseCode = "400", description = "A malformed bbox", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response boundaries(@Parameter(description = "west,south,east,north in decimal degrees")
                               @QueryParam("bbox") String bbox, @Context Request request) {
        Locale reader = texts.locale(headers);
        Locale fallback = texts.messages().defaultLocale();
        AreaBoundaries.Page page = areas.boundaries(box(bbox));
        StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < page.boundaries().size(); i++) {
            AreaBoundaries.Boundary boundary = page.boundaries().get(i);
            var properties = JsonBody.JSON.createObjectBuilder().add("name", boundary.area().name(reader, fallback));
            if (boundary.area().getParentId() == null) {
                properties.addNull("parent");
            } else {
                properties.add("parent", boundary.area().getParentId());
            }
            json.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"id\":")
                    .append(JsonBody.JSON.createValue(boundary.area().getId()))
                    // Already GeoJSON text, written by the core: no need to parse it again.
                    .append(",\"geometry\":").append(boundary.geometry())
                    .append(",\"properties\":").append(properties.build()).append('}');
        }
        json.append("],\"truncated\":").append(page.truncated()).append('}');
        return Texts.inLanguage(Representations.ok(request, json.toString(), null), reader);
    }

    /** bbox as west, south, east, north, or {@code null} when absent. */
    private static double[] box(String bbox) {
        if (bbox == null || bbox.isBlank()) {
            return null;
        }
        String[] parts = bbox.split(",", -1);
        double[] box = new double[4];
        boolean numbers = parts.length == 4;
        for (int i = 0; numbers && i < 4; i++) {
            try {
                box[i] = Double.parseDouble(parts[i].trim());
                numbers = Double.isFinite(box[i]);
            } catch (NumberFormatException e) {
                numbers = false;
            }
        }
        if (!numbers) {
            throw ValidationException.of("bbox", "validation.bbox-format",
                    "must be minLon,minLat,maxLon,maxLat: west, south, east, north");
        }
        if (box[0] > box[2] || box[1] > box[3] || box[0] < -180 || box[2] > 180 || box[1] < -90 || box[3] > 90) {
            throw ValidationException.of("bbox", "validation.bbox",
                    "must be west,south,east,north with west not beyond east and south not beyond north");
        }
        return box;
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
