package org.fixmyquarter.api.account;

import java.io.InputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.http.Paging;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.audit.AuditEntry;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ValidationException;

/**
 * {@code /api/v1/admin/users} and {@code /api/v1/admin/audit}: administrators find accounts,
 * grant and remove roles, and read the audit log of privileged actions.
 */
@RequestScoped
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("administrator")
@SecurityRequirement(name = "bearerAuth")
@Tag(name = "Administration", description = "Plugins, users, roles and the audit log")
@APIResponse(responseCode = "403", description = "Not an administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class AdminUsersResource {

    @Inject
    private AccountTransactions accounts;

    @Context
    private SecurityContext security;

    @GET
    @Path("/users")
    @Operation(operationId = "listAccounts",
            summary = "List accounts, newest first", description = "Administrators. ?email= finds one address.")
    @APIResponse(responseCode = "200", description = "{items: [...], next}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountPage")))
    @APIResponse(responseCode = "400", description = "Bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Not an administrator", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String users(@Parameter(description = "One e-mail address to find") @QueryParam("email") String email,
                        @Parameter(description = "Page size, 1 to 100 (default 20)",
                                schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit,
                        @Parameter(description = "The 'next' cursor of the previous page")
                        @QueryParam("cursor") String cursor) {
        AccountService.AccountPage page = accounts.list(Paging.emptyToNull(email), Paging.limit(limit, 20, 100),
                Paging.emptyToNull(cursor));
        var items = JsonBody.JSON.createArrayBuilder();
        for (UserAccount account : page.items()) {
            items.add(AccountJson.write(account));
        }
        return Paging.page(items, page.next()).toString();
    }

    @GET
    @Path("/users/{id}")
    @Operation(operationId = "getAccount", summary = "One account with its roles", description = "Administrators.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String user(@PathParam("id") String id) {
        return AccountJson.write(accounts.view(id)).build().toString();
    }

    @POST
    @Path("/users/{id}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "grantRole",
            summary = "Grant a role", description = "Administrators. Body: {role: citizen | moderator | operator | "
            + "administrator, scope: null or, for the operator role, the id of a live body}. An operator of a "
            + "body acts on that body's reports only (status, replies, assignment, hand-over); any other scope "
            + "is refused with a 400 problem. Granting a role held already changes nothing. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewRoleGrant"), examples = {@ExampleObject(name = "operator",
            value = "{\"role\":\"operator\",\"scope\":null}"), @ExampleObject(name = "operator of a body",
            value = "{\"role\":\"operator\",\"scope\":\"<a body id>\"}")}))
    @APIResponse(responseCode = "201", description = "The account with its roles",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "400", description = "Unknown role, or a scope that is not a live body's for an "
            + "operator",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response grant(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String role = json.string("role");
        String scope = json.string("scope");
        json.check();
        Role parsed = Role.fromWireName(role == null ? "" : role).orElseThrow(() -> ValidationException.of("role",
                "validation.required-one-of", "is required; one of: " + Role.wireNames(), Role.wireNames()));
        accounts.grant(id, parsed, scope, Actors.of(security));
        return Response.status(201).entity(AccountJson.write(accounts.view(id)).build().toString()).build();
    }

    @DELETE
    @Path("/users/{id}/roles/{grantId}")
    @Operation(operationId = "revokeRole",
            summary = "Remove a role", description = "Administrators. The last administrator cannot be removed "
            + "(409 last-administrator), also when two administrators remove each other at the same moment: one "
            + "of them gets the 409. Audited.")
    @APIResponse(responseCode = "200", description = "The account with its remaining roles",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "404", description = "No such account or grant", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The last administrator", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String revoke(@PathParam("id") String id, @PathParam("grantId") String grantId) {
        accounts.revoke(id, grantId, Actors.of(security));
        return AccountJson.write(accounts.view(id)).build().toString();
    }

    @DELETE
    @Path("/users/{id}/second-factor")
    @Operation(operationId = "removeSecondFactor",
            summary = "Remove a user's second factor (a lost device)", description = "Administrators. For a person "
            + "who lost both the authenticator app and the recovery codes: removes the second factor and ends every "
            + "session of the person, who then signs in with the password alone and may enrol again. Without a "
            + "second factor, nothing changes. Audited (user.second_factor_disabled).")
    @APIResponse(responseCode = "204", description = "Removed, or there was none")
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response removeSecondFactor(@PathParam("id") String id) {
        accounts.removeSecondFactor(id, Actors.of(security));
        return Response.noContent().build();
    }

    @GET
    @Path("/audit")
    @Operation(operationId = "listAuditEntries",
            summary = "The audit log of privileged actions, newest first", description = "Administrators. "
            + "?target= limits it to one report or user. Entries: {id, at, actor: {id, name}, action, target: "
            + "{type, id}, before, after}.")
    @APIResponse(responseCode = "200", description = "{items: [...], next}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AuditPage")))
    @APIResponse(responseCode = "400", description = "Bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String audit(@Parameter(description = "The id of one report or user") @QueryParam("target") String target,
                        @Parameter(description = "Page size, 1 to 200 (default 50)",
                                schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit,
                        @Parameter(description = "The 'next' cursor of the previous page")
                        @QueryParam("cursor") String cursor) {
        AuditLog.Page page = accounts.audit(Paging.emptyToNull(target), Paging.limit(limit, 50, AuditLog.MAX_LIMIT),
                Paging.emptyToNull(cursor));
        var items = JsonBody.JSON.createArrayBuilder();
        for (AuditEntry entry : page.items()) {
            var item = JsonBody.JSON.createObjectBuilder()
                    .add("id", entry.getId())
                    .add("at", entry.getOccurredAt().toString())
                    .add("actor", JsonBody.JSON.createObjectBuilder().add("id", entry.getActorId())
                            .add("name", entry.getActorName()))
                    .add("action", entry.getAction())
                    .add("target", JsonBody.JSON.createObjectBuilder().add("type", entry.getTargetType())
                            .add("id", entry.getTargetId()));
            item.add("before", Paging.jsonOrNull(entry.getBefore()));
            item.add("after", Paging.jsonOrNull(entry.getAfter()));
            items.add(item);
        }
        return Paging.page(items, page.next()).toString();
    }
}
