package org.fixmyquarter.api.photo;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
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
import org.fixmyquarter.api.moderation.ModerationJson;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.photo.PhotoView;
import org.fixmyquarter.imaging.BlurRegion;

/**
 * {@code /api/v1/moderation/photos}: moderators hide a photo, or redact it (blur a face, a number
 * plate) so that the public sees only the redacted files while staff keep the original.
 */
@RequestScoped
@Path("/moderation/photos")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"moderator", "administrator"})
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Moderation", description = "Flagged content, hiding, merging duplicates, redacting photos (moderators, "
        + "administrators)")
@APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "Not a moderator or administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class PhotoModerationResource {

    private static final String REASON = "{\"reason\":\"A face is recognisable\"}";

    @Inject
    private PhotoTransactions transactions;

    @Inject
    private PhotoLinks links;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    @POST
    @Path("/{photoId}/hide")
    @Operation(operationId = "hidePhoto", summary = "Hide a photo",
            description = "Body: {reason}. The photo leaves every list and its files are not found (404) for "
                    + "everyone but staff, who see it marked hidden. Audited (photo.hidden). Roles: moderator, "
                    + "administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ModerationReason"), examples = @ExampleObject(name = "hide", value = REASON)))
    @APIResponse(responseCode = "200", description = "The photo",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Photo")))
    @APIResponse(responseCode = "400", description = "Missing or too long reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such photo", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String hide(@PathParam("photoId") String photoId, InputStream body) {
        return write(transactions.hide(photoId, true, ModerationJson.reason(body), Actors.of(security)));
    }

    @POST
    @Path("/{photoId}/unhide")
    @Operation(operationId = "unhidePhoto", summary = "Show a hidden photo again",
            description = "Body: {reason}. Audited (photo.unhidden). Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ModerationReason"), examples = @ExampleObject(name = "unhide", value = REASON)))
    @APIResponse(responseCode = "200", description = "The photo",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Photo")))
    @APIResponse(responseCode = "400", description = "Missing or too long reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such photo", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String unhide(@PathParam("photoId") String photoId, InputStream body) {
        return write(transactions.hide(photoId, false, ModerationJson.reason(body), Actors.of(security)));
    }

    @POST
    @Path("/{photoId}/redact")
    @Operation(operationId = "redactPhoto", summary = "Blur parts of a photo",
            description = "Body: {regions: [{x, y, width, height}], reason}: 1 to 20 rectangles in fractions (0 to 1) "
                    + "of the photo as displayed, from its top-left corner. The public files (thumbnail, medium, "
                    + "original) are withdrawn at once and made again with the rectangles blurred beyond recognition; "
                    + "the photo is 'processing' meanwhile. Staff keep the untouched original as the file "
                    + "'unredacted'. A new redaction replaces the previous one. Audited (photo.redacted, with the "
                    + "rectangles before and after). Roles: moderator, administrator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "PhotoRedaction"), examples = @ExampleObject(name = "a face",
            value = "{\"regions\":[{\"x\":0.42,\"y\":0.18,\"width\":0.12,\"height\":0.16}],"
                    + "\"reason\":\"A passer-by's face\"}")))
    @APIResponse(responseCode = "200", description = "The photo, processing its redacted files",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Photo")))
    @APIResponse(responseCode = "400", description = "Missing or malformed regions or reason, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such photo", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The photo's files are not ready yet, or it failed "
            + "(photo-not-ready)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String redact(@PathParam("photoId") String photoId, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        JsonArray regions = json.array("regions");
        String reason = json.string("reason");
        json.check();
        return write(transactions.redact(photoId, regions(regions), reason, Actors.of(security)));
    }

    /** Every malformed rectangle is named, as {@code regions[1].width}, before anything is written. */
    private static List<BlurRegion> regions(JsonArray array) {
        if (array == null) {
            throw ValidationException.of("regions", "validation.required", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        List<BlurRegion> regions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "regions[" + i + "]";
            JsonValue value = array.get(i);
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add(FieldError.translatable(field, "validation.not-object", "must be an object"));
                continue;
            }
            JsonObject region = value.asJsonObject();
            double[] parts = new double[4];
            String[] names = {"x", "y", "width", "height"};
            boolean complete = true;
            for (int p = 0; p < names.length; p++) {
                JsonValue part = region.get(names[p]);
                if (!(part instanceof JsonNumber)) {
                    errors.add(FieldError.translatable(field + "." + names[p], "validation.photo-fraction",
                            "must be a number from 0 to 1"));
                    complete = false;
                } else {
                    parts[p] = ((JsonNumber) part).doubleValue();
                }
            }
            if (!complete) {
                continue;
            }
            try {
                regions.add(new BlurRegion(parts[0], parts[1], parts[2], parts[3]));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.translatable(field, "validation.photo-region",
                        "must lie within the photo: x and y from 0 to 1, width and height above 0, x + width and "
                                + "y + height at most 1"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return regions;
    }

    private String write(PhotoView view) {
        return PhotoLinks.write(view, links.urls(uriInfo.getBaseUri())).build().toString();
    }
}
