package org.fixmyquarter.api.category;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.category.CategoryCatalog;

/**
 * {@code /api/v1/categories}: what a report can be filed under.
 */
@RequestScoped
@Path("/categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Categories", description = "Kinds of problems")
public class CategoriesResource {

    @Inject
    private CategoryCatalog catalog;

    @GET
    @Operation(summary = "List the categories", description = "Public. Codes are stable; names are for display.")
    @APIResponse(responseCode = "200", description = "{items: [{code, name}]}")
    public String list() {
        var items = JsonBody.JSON.createArrayBuilder();
        catalog.all().forEach(c -> items.add(JsonBody.JSON.createObjectBuilder()
                .add("code", c.code())
                .add("name", c.name())));
        return JsonBody.JSON.createObjectBuilder().add("items", items).build().toString();
    }
}
