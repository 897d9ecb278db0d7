package org.fixmyquarter.api.plugin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.core.plugin.PluginInfo;
import org.fixmyquarter.spi.SpiVersion;

/**
 * {@code /api/v1/admin/plugins}: what the administrator needs to know about the plugins.
 */
@RequestScoped
@Path("/admin/plugins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Plugins and server state")
public class AdminPluginsResource {

    @Inject
    private PluginRuntime plugins;

    @GET
    @RolesAllowed("administrator")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listPlugins", summary = "List the plugins, active or not",
            description = "Administrators. Each entry: id, kind, version, "
                    + "spiVersion, state (active, failed, disabled), lastError (why it failed, or its last delivery "
                    + "error), failingSince (while it is active and its deliveries, uploads or pulls fail: the first failure "
                    + "since it last worked), source (built-in or its path under plugins/) and className.")
    @APIResponse(responseCode = "403", description = "Not an administrator",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "200", description = "{spiVersion, folder, items: [...]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Plugins")))
    public String list() {
        var items = JsonBody.JSON.createArrayBuilder();
        for (PluginInfo info : plugins.registry().plugins()) {
            JsonObjectBuilder item = JsonBody.JSON.createObjectBuilder().add("id", info.id());
            addOrNull(item, "kind", info.kind() == null ? null : info.kind().wireName());
            addOrNull(item, "version", info.version());
            addOrNull(item, "spiVersion", info.spiVersion());
            item.add("state", info.state().wireName());
            addOrNull(item, "lastError", info.lastError());
            addOrNull(item, "failingSince", info.kind() == null ? null : plugins.registry()
                    .failingSince(info.kind(), info.id()).map(Object::toString).orElse(null));
            item.add("source", info.source());
            addOrNull(item, "className", info.className());
            items.add(item);
        }
        return JsonBody.JSON.createObjectBuilder()
                .add("spiVersion", SpiVersion.VERSION)
                .add("folder", plugins.folder().toString())
                .add("items", items)
                .build().toString();
    }

    private static void addOrNull(JsonObjectBuilder item, String name, String value) {
        if (value == null) {
            item.addNull(name);
        } else {
            item.add(name, value);
        }
    }
}
