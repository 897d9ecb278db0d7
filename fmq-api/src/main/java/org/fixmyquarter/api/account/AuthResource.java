package org.fixmyquarter.api.account;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.persistence.WriteConflicts;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.api.security.ExternalTokens;
import org.fixmyquarter.api.security.SigningKeys;
import org.fixmyquarter.api.security.TokenIssuer;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.LoginResult;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.RoleGrant;
import org.fixmyquarter.core.account.UserAccount;

/**
 * {@code /api/v1/auth}: register, sign in for a token, refresh it, and the key set tokens are
 * verified with; {@code /api/v1/auth/me}: who the token belongs to.
 */
@RequestScoped
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "Registration, sign-in and tokens")
public class AuthResource {

    @Inject
    private AccountTransactions accounts;

    @Inject
    private TokenIssuer tokens;

    @Inject
    private SigningKeys keys;

    @Inject
    private Clock clock;

    @Context
    private SecurityContext security;

    @Inject
    private ExternalTokens external;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.roles-claim", defaultValue = "roles")
    private String rolesClaim;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.role-mapping", defaultValue = " ")
    private String roleMappingSetting;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.email-claim", defaultValue = "email")
    private String emailClaim;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.name-claim", defaultValue = "name")
    private String nameClaim;

    @POST
    @Path("/register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "register",
            summary = "Create a citizen account", description = "Public. Body: {email, password (10 to 200 "
            + "characters), displayName, preferredLanguage (optional, e.g. fr), handle (optional: 3 to 30 lower case "
            + "letters, digits or _, what others type after @ to mention you; derived from the name if absent)}.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "Registration"),
            examples = @ExampleObject(name = "ana", value = "{\"email\":\"ana@example.org\",\"password\":\"a long password\",\"displayName\":\"Ana\",\"preferredLanguage\":\"pt\"}")))
    @APIResponse(responseCode = "201", description = "The account, with its roles",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The address has an account, or the handle is taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response register(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String email = json.string("email");
        String password = json.string("password");
        String name = json.string("displayName");
        String language = json.string("preferredLanguage");
        String handle = json.string("handle");
        json.check();
        UserAccount account;
        try {
            account = accounts.register(new NewAccount(email, password == null ? null : password.toCharArray(), name,
                    language, handle), Role.CITIZEN, AccountService.SELF);
        } catch (PersistenceException | TransactionalException e) {
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
            // A concurrent request registered the same address or took the same handle first: the
            // unique constraints decided.
            throw accounts.emailRegistered(email) ? AccountService.emailTaken() : AccountService.handleTaken();
        }
        return Response.status(201).entity(AccountJson.write(accounts.view(account.getId())).build().toString()).build();
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "signIn",
            summary = "Sign in for an access token", description = "Public. Body: {email, password}. Answers "
            + "{access_token, token_type: Bearer, expires_in}; send it as 'Authorization: Bearer <token>'. After "
            + "repeated failures the account is locked for a while (429 with Retry-After).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "Credentials")))
    @APIResponse(responseCode = "200", description = "A token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "400", description = "Malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Wrong address or password (the same answer for both: type "
            + "invalid-credentials), or an Authorization header that holds no valid token (type invalid-token)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Locked after too many failures", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response login(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String email = json.string("email");
        String password = json.string("password");
        json.check();
        LoginResult result = accounts.login(email, password == null ? null : password.toCharArray());
        if (result instanceof LoginResult.Success) {
            LoginResult.Success success = (LoginResult.Success) result;
            return token(success.account(), success.roles());
        }
        if (result instanceof LoginResult.Locked) {
            long seconds = Math.max(1, Duration.between(clock.instant(), ((LoginResult.Locked) result).until()).toSeconds());
            throw new ProblemException(429, "login-locked", "Too many failed sign-ins",
                    "Too many failed sign-ins; try again in " + seconds + " seconds.",
                    Map.of("Retry-After", Long.toString(seconds)), "problem.login-locked.detail", List.of(seconds));
        }
        throw new ProblemException(401, "invalid-credentials", "Sign-in failed",
                "The e-mail address or the password is wrong.", Map.of(), "problem.invalid-credentials.detail",
                List.of());
    }

    @POST
    @Path("/refresh")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "refreshToken",
            summary = "Exchange a valid token for a fresh one", description = "Any signed-in user. The new "
            + "token carries the account's current roles. Once a token has expired, sign in again.")
    @APIResponse(responseCode = "200", description = "A token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response refresh() {
        AccountService.AccountView view = accounts.view(security.getUserPrincipal().getName());
        return token(view.account(), view.roles());
    }

    @POST
    @Path("/token-exchange")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "exchangeToken",
            summary = "Exchange a token of the city's identity provider for an API token",
            description = "Public; available when fmq.auth.oidc.issuer is set. Body: {subject_token: the provider's "
                    + "ID or access token}. The token's signature (provider key set), issuer, audience and expiry are "
                    + "checked; the account with its e-mail address is found or created, and the API token carries "
                    + "its roles plus those of the provider's role claim (fmq.auth.oidc.roles-claim).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "TokenExchangeRequest")))
    @APIResponse(responseCode = "200", description = "A token, as from /auth/login",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "400", description = "Malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "The provider's token is not valid here (type "
            + "invalid-subject-token), or an Authorization header that holds no valid token (type invalid-token)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No identity provider is configured", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response exchange(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String subjectToken = json.string("subject_token");
        json.check();
        if (!external.enabled()) {
            throw new ProblemException(404, "no-identity-provider", "No identity provider",
                    "This deployment accepts no tokens of another identity provider.", Map.of(),
                    "problem.no-identity-provider.detail", List.of());
        }
        JsonObject claims;
        try {
            claims = external.verify(subjectToken);
        } catch (ExternalTokens.InvalidTokenException e) {
            throw new ProblemException(401, "invalid-subject-token", "Token not accepted",
                    "The identity provider's token is not accepted: " + e.getMessage() + ".", Map.of(),
                    null, List.of());
        }
        String email = ExternalTokens.strings(claims, emailClaim).stream().findFirst().orElse(null);
        String name = ExternalTokens.strings(claims, nameClaim).stream().findFirst().orElse(null);
        AccountService.AccountView view = accounts.external(email, name);
        Set<Role> roles = new TreeSet<>();
        roles.addAll(RoleGrant.effectiveRoles(view.roles()));
        for (String external : ExternalTokens.strings(claims, rolesClaim)) {
            String mapped = roleMapping().getOrDefault(external, external.toLowerCase(java.util.Locale.ROOT));
            Role.fromWireName(mapped).ifPresent(roles::add);
        }
        return token(view.account(), roles);
    }

    /** {@code fmq.auth.oidc.role-mapping}: provider role = our role, comma-separated. */
    private Map<String, String> roleMapping() {
        Map<String, String> mapping = new java.util.HashMap<>();
        for (String pair : roleMappingSetting.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                mapping.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return mapping;
    }

    @PATCH
    @Path("/me")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "updateMyAccount",
            summary = "Change one's own account", description = "Any signed-in user, their own account only. "
            + "Body, every field optional: {displayName, preferredLanguage (\"\" to follow the browser), handle, "
            + "password (new), currentPassword (needed with a new password)}.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AccountChange"),
            examples = @ExampleObject(name = "rename", value = "{\"displayName\":\"Ana S.\",\"preferredLanguage\":\"fr\"}")))
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "400", description = "Invalid fields, or a wrong current password", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The handle is taken", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String updateMe(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String name = json.string("displayName");
        String language = json.string("preferredLanguage");
        String password = json.string("password");
        String current = json.string("currentPassword");
        String handle = json.string("handle");
        json.check();
        try {
            return AccountJson.write(accounts.updateOwn(security.getUserPrincipal().getName(), name, language, handle,
                    current == null ? null : current.toCharArray(), password == null ? null : password.toCharArray()))
                    .build().toString();
        } catch (PersistenceException | TransactionalException e) {
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
            throw AccountService.handleTaken();
        }
    }

    @GET
    @Path("/me")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getMyAccount", summary = "The signed-in account", description = "Any signed-in user.")
    @APIResponse(responseCode = "200", description = "{id, email, handle, displayName, preferredLanguage, roles, "
            + "createdAt}", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String me() {
        return AccountJson.write(accounts.view(security.getUserPrincipal().getName())).build().toString();
    }

    @GET
    @Path("/jwks")
    @PermitAll
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getJwks",
            summary = "The public keys tokens are signed with (JWKS)", description = "Public.")
    @APIResponse(responseCode = "200", description = "{keys: [{kty, kid, use, alg, n, e}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Jwks")))
    public String jwks() {
        return keys.jwks().toString();
    }

    private Response token(UserAccount account, List<RoleGrant> roles) {
        return token(account, RoleGrant.effectiveRoles(roles));
    }

    private Response token(UserAccount account, Set<Role> roles) {
        TokenIssuer.Issued issued = tokens.issue(account, roles);
        return Response.ok(JsonBody.JSON.createObjectBuilder()
                        .add("access_token", issued.token())
                        .add("token_type", "Bearer")
                        .add("expires_in", issued.expiresIn()).build().toString())
                .header("Cache-Control", "no-store")
                .build();
    }

}
