package org.fixmyquarter.api.i18n;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.i18n.Messages;

/**
 * {@code /api/v1/languages}: the languages the deployment speaks, for a language picker.
 */
@RequestScoped
@Path("/languages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Languages", description = "Languages of the interface")
public class LanguagesResource {

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
}
