package org.fixmyquarter.api.i18n;

import java.util.List;
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
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Representations;
import org.fixmyquarter.core.i18n.Messages;

/**
 * {@code /api/v1/languages}: the languages the deployment speaks, for a language picker, and the
 * web page's texts in each.
 */
@RequestScoped
@Path("/languages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Languages", description = "Languages of the interface")
public class LanguagesResource {

    /** The keys of the web page's texts start with this. */
    static final String UI_PREFIX = "ui.";

    @Inject
    private Texts texts;

    @GET
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listLanguages",
            summary = "List the languages", description = "Public. One per language pack; rtl says the "
            + "text runs right to left. Send one of the tags in Accept-Language to get answers in it.")
    @APIResponse(responseCode = "200", description = "{default, items: [{tag, name, rtl}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Languages")))
    public String list() {
        Messages messages = texts.messages();
        var items = JsonBody.JSON.createArrayBuilder();
        for (Locale locale : messages.available()) {
            items.add(JsonBody.JSON.createObjectBuilder()
                    .add("tag", locale.toLanguageTag())
                    .add("name", messages.text(locale, "language.name", locale.getDisplayLanguage(locale), List.of()))
                    .add("rtl", messages.isRightToLeft(locale)));
        }
        return JsonBody.JSON.createObjectBuilder()
                .add("default", messages.defaultLocale().toLanguageTag())
                .add("items", items).build().toString();
    }

    @GET
    @Path("/{tag}/texts")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getLanguageTexts", summary = "The web page's texts in a language",
            description = "Public. Every interface text of the web page (the keys starting 'ui.') in the language "
                    + "that best matches the tag, as Accept-Language would pick it: fr-CA gets French, an unknown "
                    + "or malformed tag the deployment's default language; 'tag' in the answer says which, and "
                    + "Content-Language too. A text its language pack lacks comes from the deployment's default "
                    + "language, then English. Placeholders such as {0} are left for the page to fill. Cacheable "
                    + "for five minutes; answers 304 to If-None-Match with the current ETag.")
    @APIResponse(responseCode = "200", description = "{tag, rtl, texts: {key: text}}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "LanguageTexts")))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    public Response texts(
            @Parameter(description = "A BCP 47 language tag, such as fr, ar or pt-BR", example = "fr")
            @PathParam("tag") String tag,
            @Context Request request) {
        Messages messages = texts.messages();
        Locale locale = messages.negotiate(tag);
        var strings = JsonBody.JSON.createObjectBuilder();
        messages.texts(locale, UI_PREFIX).forEach(strings::add);
        String body = JsonBody.JSON.createObjectBuilder()
                .add("tag", locale.toLanguageTag())
                .add("rtl", messages.isRightToLeft(locale))
                .add("texts", strings).build().toString();
        return Representations.ok(request, body, Representations.PUBLIC_5_MIN)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag()).build();
    }
}
