package org.fixmyquarter.api.category;

import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fixmyquarter.api.cache.PublicCached;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.spi.category.CategoryDefinition;

/**
 * {@code /api/v1/categories}: what a report can be filed under, in the reader's language.
 */
@RequestScoped
@Path("/categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Categories", description = "Kinds of problems")
public class CategoriesResource {

    @Inject
    private CategoryCatalog catalog;

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @GET
    @PublicCached(citizens = true)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listCategories", summary = "List the categories as a tree",
            description = "Public. Codes are stable; names are in the language Accept-Language asks for "
                    + "(Content-Language says which). A report may be filed under a category or a sub-category.")
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, description = "for example fr, or de;q=0.8, en;q=0.5",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "{items: [{code, name, icon, subcategories: [...]}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Categories")))
    public Response list() {
        Locale locale = texts.locale(headers);
        var items = JsonBody.JSON.createArrayBuilder();
        for (CategoryDefinition top : catalog.topLevel()) {
            JsonArrayBuilder children = JsonBody.JSON.createArrayBuilder();
            catalog.children(top.code()).forEach(child -> children.add(item(child, locale)));
            items.add(item(top, locale).add("subcategories", children));
        }
        return Texts.inLanguage(Response.ok(JsonBody.JSON.createObjectBuilder().add("items", items).build()
                .toString()), locale);
    }

    private jakarta.json.JsonObjectBuilder item(CategoryDefinition category, Locale locale) {
        var item = JsonBody.JSON.createObjectBuilder()
                .add("code", category.code())
                .add("name", texts.messages().categoryName(category, locale));
        if (category.icon() == null) {
            item.addNull("icon");
        } else {
            item.add("icon", category.icon());
        }
        return item;
    }
}
