package org.fixmyquarter.api.site;

import java.time.ZoneId;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
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
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Representations;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.report.ReportService;

/**
 * {@code /api/v1/site}: what the web page needs to know about the deployment before it draws
 * anything: its name, language and time zone, where the map starts and which tiles it draws, and
 * the limits a report form checks before sending.
 */
@RequestScoped
@Path("/site")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Site", description = "The deployment's settings for the web page")
public class SiteResource {

    @Inject
    private SiteSettings site;

    @Inject
    private PhotoSettings photos;

    @Inject
    private Messages messages;

    @Inject
    private ZoneId timeZone;

    @GET
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getSite", summary = "The deployment's settings for the web page",
            description = "Public. The site's name, default language and time zone (IANA), the map's starting "
                    + "centre and zoom and its tile server (null: no tiles, draw a plain background; the "
                    + "attribution must be shown on the map), the photo limits (bytes per photo, photos per report "
                    + "and per comment) and the longest title and description a report may have. The same for "
                    + "everyone; cacheable for five minutes, and answers 304 to If-None-Match with the current ETag.")
    @APIResponse(responseCode = "200", description = "{name, timeZone, defaultLanguage, map, photos, reports}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Site")))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    public Response get(@Context Request request) {
        return Representations.ok(request, json(), Representations.PUBLIC_5_MIN).build();
    }

    private String json() {
        SiteSettings.MapSettings map = site.map();
        JsonObjectBuilder mapJson = JsonBody.JSON.createObjectBuilder()
                .add("centre", JsonBody.JSON.createObjectBuilder().add("lat", map.latitude()).add("lon", map.longitude()))
                .add("zoom", map.zoom());
        map.tiles().ifPresentOrElse(tiles -> mapJson.add("tiles", JsonBody.JSON.createObjectBuilder()
                        .add("url", tiles.url()).add("attribution", tiles.attribution()).add("maxZoom", tiles.maxZoom())),
                () -> mapJson.addNull("tiles"));
        return JsonBody.JSON.createObjectBuilder()
                .add("name", site.name())
                .add("timeZone", timeZone.getId())
                .add("defaultLanguage", messages.defaultLocale().toLanguageTag())
                .add("map", mapJson)
                .add("photos", JsonBody.JSON.createObjectBuilder().add("maxBytes", photos.maxBytes())
                        .add("perReport", photos.perReport()).add("perComment", photos.perComment()))
                .add("reports", JsonBody.JSON.createObjectBuilder()
                        .add("titleMaxLength", ReportService.TITLE_MAX)
                        .add("descriptionMaxLength", ReportService.DESCRIPTION_MAX))
                .build().toString();
    }
}
