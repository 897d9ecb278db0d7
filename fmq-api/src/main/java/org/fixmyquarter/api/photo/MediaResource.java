package org.fixmyquarter.api.photo;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.photo.PhotoFile;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.media.MediaStore;

/**
 * {@code /api/v1/media/{sha256}.jpg}: the files of photos, named by their content so that an
 * address always serves the same bytes and any cache may keep them for good. Who may see a file
 * is checked at every request: a hidden photo, or one of a hidden report or comment, is not
 * found; unredacted originals (and originals, when the deployment keeps them for staff) are
 * served to staff only, and marked private so that no shared cache keeps them.
 */
@RequestScoped
@Path("/media")
@Tag(name = "Photos", description = "Photos of reports and comments")
public class MediaResource {

    private static final Pattern NAME = Pattern.compile("([0-9a-f]{64})\\.jpg");

    /** A year, the longest a cache is asked to keep anything (RFC 9111 advises no more). */
    private static final int YEAR_SECONDS = 31_536_000;

    private static final System.Logger LOG = System.getLogger(MediaResource.class.getName());

    @Inject
    private PhotoTransactions transactions;

    @Inject
    private PhotoConfiguration configuration;

    @Inject
    private PhotoLinks links;

    @Context
    private SecurityContext security;

    @GET
    @Path("/{name}")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getMedia", summary = "A photo file",
            description = "Public for the files a report or comment lists to everyone; staff for the others. The "
                    + "addresses come from the 'files' of a photo; never build them. Answers carry Cache-Control "
                    + "immutable (public, or private for staff-only files), an ETag (If-None-Match answers 304) and "
                    + "X-Content-Type-Options: nosniff.")
    @APIResponse(responseCode = "200", description = "The JPEG",
            content = @Content(mediaType = PhotoFile.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Unchanged: the ETag sent in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such file for this reader (hidden, or staff only)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The media store is unavailable; Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response get(@PathParam("name") String name, @Context Request request) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw notFound();
        }
        String sha256 = matcher.group(1);
        PhotoFile file = transactions.served(sha256, Actors.of(security)).orElseThrow(MediaResource::notFound);
        // Written by hand: JAX-RS's CacheControl knows no 'immutable'. Staff-only files are
        // private, so that no shared cache hands them to the next reader.
        String cache = (links.isPublic(file.getKind()) ? "public" : "private") + ", max-age=" + YEAR_SECONDS
                + ", immutable";
        EntityTag tag = new EntityTag(sha256);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.header("Cache-Control", cache).build();
        }
        InputStream in = open(file);
        StreamingOutput body = out -> {
            try (InputStream bytes = in) {
                bytes.transferTo(out);
            }
        };
        return Response.ok(body, PhotoFile.MEDIA_TYPE)
                .tag(tag)
                .header("Cache-Control", cache)
                .header("Content-Length", file.getSize())
                .header("Content-Disposition", "inline; filename=\"" + sha256 + ".jpg\"")
                .build();
    }

    private InputStream open(PhotoFile file) {
        MediaStore store = configuration.mediaStore().orElseThrow(MediaResource::unavailable);
        try {
            Optional<InputStream> in = store.open(file.getMediaKey());
            configuration.storeOutcome(store, null);
            if (in.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "The media store has no file " + file.getMediaKey()
                        + " of photo " + file.getPhotoId());
                throw notFound();
            }
            return in.get();
        } catch (PluginException e) {
            LOG.log(System.Logger.Level.WARNING, "The media store could not be read", e);
            configuration.storeOutcome(store, "reading a file failed: " + e.getMessage());
            throw unavailable();
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "not-found", "Not found", "There is no such photo file, or it is not shown "
                + "to you.", Map.of(), "problem.media-not-found.detail", List.of());
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "media-store-unavailable", "Photos unavailable",
                "The photo cannot be read just now; try again in a minute.", Map.of("Retry-After", "60"), null,
                List.of());
    }
}
