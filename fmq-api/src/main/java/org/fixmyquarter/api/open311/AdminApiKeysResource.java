package org.fixmyquarter.api.open311;

import java.io.InputStream;

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
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.apikey.ApiKey;
import org.fixmyquarter.core.apikey.ApiKeys;

/**
 * {@code /api/v1/admin/api-keys}: administrators give each Open311 app or city back-office a key
 * of its own (docs/open311.md). The key is shown once, in the answer that makes it; lists show
 * its first characters only. Revoking a key refuses the app's next request at once.
 */
@RequestScoped
@Path("/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("administrator")
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Administration", description = "Plugins, users, roles, webhooks, deliveries and the audit log")
@APIResponse(responseCode = "403", description = "Not an administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class AdminApiKeysResource {

    @Inject
    private Open311Transactions transactions;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Make an Open311 API key",
            description = "Administrators. Body: {name: the app or back-office the key is for}. The answer carries "
                    + "the key, shown this once only: the app sends it as api_key when it posts a request to the "
                    + "Open311 endpoints. Only its hash is kept. Audited (without the key).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewApiKey"), examples = @ExampleObject(name = "city app",
            value = "{\"name\":\"City of Lyon app\"}")))
    @APIResponse(responseCode = "201", description = "The key, with its value",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ApiKeyWithKey")))
    @APIResponse(responseCode = "400", description = "No name, or one longer than 100 characters",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String name = json.string("name");
        json.check();
        ApiKeys.WithKey made = transactions.createKey(name, Actors.of(security));
        return Response.status(201).entity(write(made.apiKey()).add("key", made.key()).build().toString()).build();
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List the Open311 API keys",
            description = "Administrators. Oldest first, revoked ones included (revokedAt); never the key itself.")
    @APIResponse(responseCode = "200", description = "{items: [...]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ApiKeys")))
    public String list() {
        var items = JsonBody.JSON.createArrayBuilder();
        for (ApiKey key : transactions.listKeys(Actors.of(security))) {
            items.add(write(key));
        }
        return JsonBody.JSON.createObjectBuilder().add("items", items).build().toString();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an Open311 API key",
            description = "Administrators. Requests with the key are refused from now on (403 in Open311's error "
                    + "format); the reports it sent keep naming it. Revoking a revoked key changes nothing. Audited.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response revoke(@PathParam("id") String id) {
        transactions.revokeKey(id, Actors.of(security));
        return Response.noContent().build();
    }

    private static JsonObjectBuilder write(ApiKey key) {
        var item = JsonBody.JSON.createObjectBuilder()
                .add("id", key.getId())
                .add("name", key.getName())
                .add("keyPrefix", key.getKeyPrefix())
                .add("createdAt", key.getCreatedAt().toString());
        if (key.getLastUsedAt() == null) {
            item.addNull("lastUsedAt");
        } else {
            item.add("lastUsedAt", key.getLastUsedAt().toString());
        }
        if (key.getRevokedAt() == null) {
            item.addNull("revokedAt");
        } else {
            item.add("revokedAt", key.getRevokedAt().toString());
        }
        return item;
    }
}
