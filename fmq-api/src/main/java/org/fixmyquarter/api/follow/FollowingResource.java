package org.fixmyquarter.api.follow;

import java.io.InputStream;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.follow.AreaFollow;
import org.fixmyquarter.core.follow.FollowService;

/**
 * What the signed-in user follows: the reports (followed with {@code POST /reports/{id}/follow})
 * and the areas, circles around a point whose new reports they hear of.
 */
@Path("/me/following")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"citizen", "moderator", "operator", "administrator"})
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Following", description = "Reports and areas the signed-in user follows")
public class FollowingResource {

    @Inject
    private FollowTransactions follows;

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders headers;

    @Inject
    private Texts texts;

    @GET
    @Operation(operationId = "listFollowing",
            summary = "What I follow", description = "Any signed-in user, their own only. Answers {reports: "
            + "[{id, title, status}] (most recently followed first, at most 500), areas: [{id, name, lat, lon, radius, "
            + "createdAt}]}.")
    @APIResponse(responseCode = "200", description = "Reports and areas",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Following")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String list() {
        String me = security.getUserPrincipal().getName();
        var reports = JsonBody.JSON.createArrayBuilder();
        follows.reports(me).forEach(r -> reports.add(JsonBody.JSON.createObjectBuilder().add("id", r.getId())
                .add("title", r.getTitle()).add("status", r.getStatus().wireName())));
        var areas = JsonBody.JSON.createArrayBuilder();
        follows.areas(me).forEach(a -> areas.add(write(a)));
        return JsonBody.JSON.createObjectBuilder().add("reports", reports).add("areas", areas).build().toString();
    }

    @POST
    @Path("/areas")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "followArea",
            summary = "Follow an area", description = "Any signed-in user: be notified of every new report "
            + "within radius metres (" + FollowService.RADIUS_MIN + " to " + FollowService.RADIUS_MAX + ") of a "
            + "point, body {name, lat, lon, radius}, or routed to a named area (a district, see /areas), body "
            + "{area, name} (name optional: the area's own). Following a named area again answers the one "
            + "followed. At most " + FollowService.AREAS_MAX + " areas per person.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewArea"), examples = @ExampleObject(name = "my street", value = "{\"name\":\"Home\",\"lat\":45.7578,\"lon\":4.832,\"radius\":500}")))
    @APIResponse(responseCode = "201", description = "The area",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Area")))
    @APIResponse(responseCode = "400", description = "Invalid fields, or too many areas", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response followArea(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String name = json.string("name");
        String named = json.string("area");
        Double lat = json.number("lat");
        Double lon = json.number("lon");
        Double radius = json.number("radius");
        json.check();
        if (named != null) {
            if (lat != null || lon != null || radius != null) {
                throw new ValidationException(List.of(FieldError.translatable("area", "validation.area-or-circle",
                        "give either area (a named area) or lat, lon and radius (a circle), not both")));
            }
            AreaFollow area = follows.followNamedArea(Actors.of(security), named, name, texts.locale(headers));
            return Response.status(201).entity(write(area).build().toString()).build();
        }
        Integer metres = radius == null ? null : radius != Math.rint(radius) || Math.abs(radius) > Integer.MAX_VALUE
                ? Integer.valueOf(-1) : Integer.valueOf(radius.intValue());
        AreaFollow area = follows.followArea(Actors.of(security), name, lat, lon, metres);
        return Response.status(201).entity(write(area).build().toString()).build();
    }

    @DELETE
    @Path("/areas/{areaId}")
    @Operation(operationId = "unfollowArea",
            summary = "Stop following an area", description = "Any signed-in user, their own areas only.")
    @APIResponse(responseCode = "204", description = "No longer followed")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such area of mine", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response unfollowArea(@PathParam("areaId") String areaId) {
        follows.unfollowArea(Actors.of(security), areaId);
        return Response.noContent().build();
    }

    private static JsonObjectBuilder write(AreaFollow area) {
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("id", area.getId())
                .add("name", area.getName());
        if (area.getAreaId() != null) {
            json.add("area", area.getAreaId()).addNull("lat").addNull("lon").addNull("radius");
        } else {
            json.addNull("area").add("lat", area.getLatitude()).add("lon", area.getLongitude())
                    .add("radius", area.getRadiusMetres());
        }
        return json.add("createdAt", area.getCreatedAt().toString());
    }
}
