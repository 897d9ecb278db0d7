package org.fixmyquarter.api.account;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.persistence.WriteConflicts;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.api.ratelimit.RateLimits;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.api.security.SignedInUser;
import org.fixmyquarter.api.security.SigningKeys;
import org.fixmyquarter.api.security.TokenIssuer;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.AccountSession;
import org.fixmyquarter.core.account.ExternalIdentities;
import org.fixmyquarter.core.account.ExternalIdentity;
import org.fixmyquarter.core.account.LoginResult;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.ProviderIdentity;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.SecondFactors;
import org.fixmyquarter.core.account.Sessions;
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

    @Context
    private SecurityContext security;

    @Context
    private HttpServletRequest http;

    @Inject
    private RateLimits limits;

    @Inject
    private ProviderSignIn providers;

    @Inject
    private AccountMail mail;

    @POST
    @Path("/register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "register",
            summary = "Create a citizen account", description = "Public. Body: {email, password (10 to 200 "
            + "characters, not easy to guess: common passwords, patterns and one's own address or name are refused), displayName, preferredLanguage (optional, e.g. fr), handle (optional: 3 to 30 lower case "
            + "letters, digits or _, what others type after @ to mention you; derived from the name if absent)}.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "Registration"),
            examples = @ExampleObject(name = "ana", value = "{\"email\":\"ana@example.org\",\"password\":\"a long password\",\"displayName\":\"Ana\",\"preferredLanguage\":\"pt\"}")))
    @APIResponse(responseCode = "201", description = "The account, with its roles, on a server that does not confirm "
            + "addresses (fmq.auth.email-verification)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountWithRoles")))
    @APIResponse(responseCode = "202", description = "On a server that confirms addresses: a mail goes to the "
            + "address, with a link that confirms the new account, or, if the address has an account, telling its "
            + "owner so. The same answer in both cases, so that it tells nobody who has an account; the new account "
            + "signs in once confirmed (POST /auth/verify-email)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RegistrationPending")))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The handle is taken, or, on a server that does not confirm "
            + "addresses, the address has an account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response register(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String email = json.string("email");
        String password = json.string("password");
        String name = json.string("displayName");
        String language = json.string("preferredLanguage");
        String handle = json.string("handle");
        json.check();
        if (mail.verificationRequired()) {
            return registerWithVerification(new NewAccount(email, password == null ? null : password.toCharArray(),
                    name, language, handle));
        }
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

    private Response registerWithVerification(NewAccount content) {
        try {
            accounts.registerWithVerification(content);
        } catch (PersistenceException | TransactionalException e) {
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
            // A concurrent registration took the address (the answer is the same as for a taken
            // one) or the handle (public, so said).
            if (!accounts.emailRegistered(content.email())) {
                throw AccountService.handleTaken();
            }
        }
        return Response.accepted(JsonBody.JSON.createObjectBuilder()
                .add("email", content.email() == null ? "" : content.email().strip())
                .add("emailVerification", "pending").build().toString()).build();
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "signIn",
            summary = "Sign in for an access token", description = "Public. Body: {email, password, and for an "
            + "account with a second factor: code (6 digits of the authenticator app) or recoveryCode}. Answers "
            + "{access_token, token_type: Bearer, expires_in}; send it as 'Authorization: Bearer <token>'. A right "
            + "password without a code, for an account with a second factor, gets 401 second-factor-required: ask "
            + "for the code and send all again. A wrong or used code counts as a failed sign-in. After "
            + "repeated failures from one client address, that address's next attempts at the account are refused "
            + "unchecked for a growing delay, with the same 401 as a wrong password; other addresses are not slowed.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "Credentials")))
    @APIResponse(responseCode = "200", description = "A token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "400", description = "Malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Wrong address or password (the same answer for both: type "
            + "invalid-credentials); the right password of an account with a second factor, without a code or "
            + "with a wrong or used one (type second-factor-required); or an Authorization header that holds no "
            + "valid token (type invalid-token)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The right password, but the account's e-mail address is not "
            + "confirmed yet (type email-unverified); the confirmation mail is sent again",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many sign-in attempts from this client address (type "
            + "rate-limited, fmq.ratelimit.sign-in), whatever the account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response login(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String email = json.string("email");
        String password = json.string("password");
        String code = json.string("code");
        String recoveryCode = json.string("recoveryCode");
        json.check();
        LoginResult result = accounts.login(email, password == null ? null : password.toCharArray(), code,
                recoveryCode, clientAddress());
        if (result instanceof LoginResult.Success) {
            LoginResult.Success success = (LoginResult.Success) result;
            return token(accounts.startSession(success.account().getId(), AccountSession.Method.PASSWORD, Set.of(),
                    success.secondFactor()));
        }
        if (result instanceof LoginResult.SecondFactorRequired) {
            throw ((LoginResult.SecondFactorRequired) result).wrongCode()
                    ? new ProblemException(401, "second-factor-required", "Second factor required",
                            "The code is wrong or was used already: type the code your authenticator app shows now, "
                                    + "or an unused recovery code.", Map.of(),
                            "problem.second-factor-required.wrong-code", List.of())
                    : new ProblemException(401, "second-factor-required", "Second factor required",
                            "This account has a second factor: send the code your authenticator app shows (code), or "
                                    + "a recovery code (recoveryCode), with the e-mail address and the password.",
                            Map.of(), "problem.second-factor-required.detail", List.of());
        }
        if (result instanceof LoginResult.Unverified) {
            throw new ProblemException(403, "email-unverified", "E-mail address not confirmed",
                    "Confirm your e-mail address first: open the link of the mail we sent to it (sent again now).",
                    Map.of(), "problem.email-unverified.detail", List.of());
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
            + "token belongs to the same sign-in session and lists the account's current roles. Once a token has "
            + "expired, or its session has ended (signed out, password changed, or older than "
            + "fmq.auth.session-lifetime, fmq.auth.staff-session-lifetime for staff), sign in again.")
    @APIResponse(responseCode = "200", description = "A token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response refresh() {
        SignedInUser user = (SignedInUser) security.getUserPrincipal();
        return token(accounts.session(user.sessionId(), user.accountId())
                .orElseThrow(() -> new IllegalStateException("The filter let an ended session through")));
    }

    @POST
    @Path("/logout")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "signOut", summary = "Sign out: end this session",
            description = "Any signed-in user. Ends the sign-in session of the token: it and every token refreshed "
                    + "from it are refused from now on (401), on every server. Other sessions of the account stay "
                    + "open. Audited.")
    @APIResponse(responseCode = "204", description = "Signed out")
    @APIResponse(responseCode = "401", description = "No valid token, or the session had ended already",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response logout() {
        SignedInUser user = (SignedInUser) security.getUserPrincipal();
        accounts.endSession(user.sessionId(), Actors.of(security));
        return Response.noContent().build();
    }

    @POST
    @Path("/logout-everywhere")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "signOutEverywhere", summary = "Sign out of every session of the account",
            description = "Any signed-in user. Ends every sign-in session of the account, this one included: "
                    + "for a lost phone or a token that may have been stolen. Audited.")
    @APIResponse(responseCode = "204", description = "Signed out everywhere")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response logoutEverywhere() {
        accounts.endAllSessions(security.getUserPrincipal().getName(), Actors.of(security));
        return Response.noContent().build();
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
                    + "checked. The account linked to the token's iss and sub signs in; for an identity never seen, "
                    + "a citizen account without a password is created, unless an account has the token's e-mail "
                    + "address (409 account-exists: sign in with the password and link the provider with POST "
                    + "/auth/me/identities). The API token carries the account's roles plus those the provider's "
                    + "role claim (fmq.auth.oidc.roles-claim) maps to through fmq.auth.oidc.role-mapping only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "TokenExchangeRequest")))
    @APIResponse(responseCode = "200", description = "A token, as from /auth/login",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "400", description = "Malformed body, or a first sign-in whose e-mail address the "
            + "provider has not verified (email_verified false) or does not give",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "The provider's token is not valid here (type "
            + "invalid-subject-token), or an Authorization header that holds no valid token (type invalid-token)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No identity provider is configured", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "A first sign-in whose e-mail address has an account (type "
            + "account-exists): sign in with the password and link the provider from the account",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The identity provider settings lack fmq.auth.oidc.audience "
            + "(type identity-provider-misconfigured)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response exchange(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String subjectToken = json.string("subject_token");
        json.check();
        ProviderSignIn.Verified verified = providers.verify(subjectToken);
        AccountService.AccountView view = signIn(verified.identity());
        // The provider's roles belong to this session; the account's own are read at each request.
        return token(accounts.startSession(view.account().getId(), AccountSession.Method.IDENTITY_PROVIDER,
                new TreeSet<>(verified.roles())));
    }

    /** The account of a provider identity; two first sign-ins at once: the loser finds the winner's link. */
    private AccountService.AccountView signIn(ProviderIdentity identity) {
        try {
            return accounts.external(identity);
        } catch (PersistenceException | TransactionalException e) {
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
            return accounts.external(identity);
        }
    }

    @POST
    @Path("/me/identities")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "linkIdentity",
            summary = "Link an identity of the city's identity provider to one's account",
            description = "Any signed-in user, their own account only. Body: {subject_token: the provider's token, "
                    + "password: the account's password}. Afterwards /auth/token-exchange with that provider "
                    + "identity (its iss and sub) signs in to this account, whatever e-mail address the provider "
                    + "gives later. Needed once by a person who had an account before signing in through the provider.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "IdentityLinkRequest")))
    @APIResponse(responseCode = "201", description = "The link (or the one already there)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "LinkedIdentity")))
    @APIResponse(responseCode = "400", description = "Malformed body, or not the account's password",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token, or the provider's token is not valid here "
            + "(type invalid-subject-token)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No identity provider is configured", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "That provider identity signs in to another account (type "
            + "identity-linked)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The identity provider settings lack fmq.auth.oidc.audience "
            + "(type identity-provider-misconfigured)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response linkIdentity(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String subjectToken = json.string("subject_token");
        String password = json.string("password");
        json.check();
        ProviderSignIn.Verified verified = providers.verify(subjectToken);
        ExternalIdentity link;
        try {
            link = accounts.linkIdentity(security.getUserPrincipal().getName(),
                    password == null ? null : password.toCharArray(), verified.identity(), clientAddress());
        } catch (PersistenceException | TransactionalException e) {
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
            // Another account linked the same identity at the same moment: the unique constraint decided.
            throw ExternalIdentities.identityLinked();
        }
        return Response.status(201).entity(identityJson(link).toString()).build();
    }

    @GET
    @Path("/me/identities")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listMyIdentities", summary = "The identity provider identities linked to one's account",
            description = "Any signed-in user, their own account only.")
    @APIResponse(responseCode = "200", description = "{items: [{id, issuer, subject, linkedAt}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "LinkedIdentities")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String myIdentities() {
        jakarta.json.JsonArrayBuilder items = JsonBody.JSON.createArrayBuilder();
        accounts.identities(security.getUserPrincipal().getName()).forEach(i -> items.add(identityJson(i)));
        return JsonBody.JSON.createObjectBuilder().add("items", items).build().toString();
    }

    @DELETE
    @Path("/me/identities/{id}")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "unlinkMyIdentity", summary = "Unlink an identity provider identity from one's account",
            description = "Any signed-in user, their own account only. The identity (its id from GET "
                    + "/auth/me/identities) no longer signs in to the account. Refused while it is the only way to "
                    + "sign in (no password, no other identity): set a password first with a password reset. "
                    + "Audited.")
    @APIResponse(responseCode = "204", description = "Unlinked")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The account has no such identity",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The only way left to sign in (type last-sign-in-method)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response unlinkIdentity(@PathParam("id") String id) {
        accounts.unlinkIdentity(security.getUserPrincipal().getName(), id);
        return Response.noContent().build();
    }

    private static JsonObject identityJson(ExternalIdentity identity) {
        return JsonBody.JSON.createObjectBuilder()
                .add("id", identity.getId())
                .add("issuer", identity.getIssuer())
                .add("subject", identity.getSubject())
                .add("linkedAt", identity.getLinkedAt().toString())
                .build();
    }

    @PATCH
    @Path("/me")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "updateMyAccount",
            summary = "Change one's own account", description = "Any signed-in user, their own account only. "
            + "Body, every field optional: {displayName, preferredLanguage (\"\" to follow the browser), handle, "
            + "password (new), currentPassword (needed with a new password)}. A new password ends every other "
            + "sign-in session of the account; this one stays open.")
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
            SignedInUser user = (SignedInUser) security.getUserPrincipal();
            return AccountJson.write(accounts.updateOwn(user.accountId(), name, language, handle,
                    current == null ? null : current.toCharArray(), password == null ? null : password.toCharArray(),
                    user.sessionId(), clientAddress())).build().toString();
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
    @Operation(operationId = "getMyAccount", summary = "The signed-in account", description = "Any signed-in user. "
            + "secondFactor: whether the account has a second factor (sign-ins need a code). secondFactorRequired: "
            + "the account holds a staff role that does not count in this session, because "
            + "fmq.auth.staff-second-factor is required and this sign-in passed no second factor; enrol (POST "
            + "/auth/me/second-factor) if secondFactor is false, then sign in again with a code.")
    @APIResponse(responseCode = "200", description = "{id, email, handle, displayName, preferredLanguage, roles, "
            + "createdAt, secondFactor, secondFactorRequired}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "MyAccount")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String me() {
        SignedInUser user = (SignedInUser) security.getUserPrincipal();
        Sessions.Active session = accounts.session(user.sessionId(), user.accountId())
                .orElseThrow(() -> new IllegalStateException("The filter let an ended session through"));
        return AccountJson.write(accounts.view(user.accountId()))
                .add("secondFactor", accounts.secondFactorEnabled(user.accountId()))
                .add("secondFactorRequired", accounts.staffSecondFactor().withholds(session.roles(), session.session()))
                .build().toString();
    }

    @POST
    @Path("/me/second-factor")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "enrolSecondFactor", summary = "Start enrolling an authenticator app as a second factor",
            description = "Any signed-in user, their own account only. Body: {password}. Answers a new secret "
                    + "(Base32) and its otpauth:// URI (show it as a QR code); it counts once confirmed with "
                    + "POST /auth/me/second-factor/confirm. Starting again before confirming replaces the secret. "
                    + "A wrong password counts as a failed sign-in of the client address.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "SecondFactorEnrolmentRequest")))
    @APIResponse(responseCode = "200", description = "{secret, otpauthUri}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SecondFactorEnrolment")))
    @APIResponse(responseCode = "400", description = "Malformed body, or not the account's password",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The account has a second factor already (type "
            + "second-factor-enabled): remove it first", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response enrolSecondFactor(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String password = json.string("password");
        json.check();
        SecondFactors.Enrolment enrolment = accounts.enrolSecondFactor(security.getUserPrincipal().getName(),
                password == null ? null : password.toCharArray(), clientAddress());
        return Response.ok(JsonBody.JSON.createObjectBuilder()
                        .add("secret", enrolment.secret())
                        .add("otpauthUri", enrolment.otpauthUri()).build().toString()).build();
    }

    @POST
    @Path("/me/second-factor/confirm")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "confirmSecondFactor", summary = "Confirm the authenticator app with a first code",
            description = "Any signed-in user, their own account only. Body: {code: the 6 digits the app shows}. "
                    + "From now on sign-ins need a code. Answers ten recovery codes, each good for one sign-in "
                    + "without the app: shown this once (the server keeps only their hashes). This session does not "
                    + "count as having passed a second factor; the next sign-in with a code does. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "SecondFactorCode")))
    @APIResponse(responseCode = "200", description = "{recoveryCodes: [10 codes]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RecoveryCodes")))
    @APIResponse(responseCode = "400", description = "Malformed body, no enrolment started, or not a current code",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The account has a second factor already (type "
            + "second-factor-enabled)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response confirmSecondFactor(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String code = json.string("code");
        json.check();
        jakarta.json.JsonArrayBuilder codes = JsonBody.JSON.createArrayBuilder();
        accounts.confirmSecondFactor(security.getUserPrincipal().getName(), code).forEach(codes::add);
        return Response.ok(JsonBody.JSON.createObjectBuilder().add("recoveryCodes", codes).build().toString()).build();
    }

    @DELETE
    @Path("/me/second-factor")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "removeMySecondFactor", summary = "Remove one's own second factor",
            description = "Any signed-in user, their own account only. Body: {password, code (6 digits) or "
                    + "recoveryCode}. Sign-ins need no code afterwards, and no session counts as having passed a "
                    + "second factor. Without a second factor, only the password is checked and nothing changes. "
                    + "Wrong passwords and codes count as failed sign-ins of the client address. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "SecondFactorRemoval")))
    @APIResponse(responseCode = "204", description = "Removed, or there was none")
    @APIResponse(responseCode = "400", description = "Malformed body, not the account's password, or not a current "
            + "code nor an unused recovery code", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response removeMySecondFactor(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String password = json.string("password");
        String code = json.string("code");
        String recoveryCode = json.string("recoveryCode");
        json.check();
        accounts.disableSecondFactor(security.getUserPrincipal().getName(),
                password == null ? null : password.toCharArray(), code, recoveryCode, clientAddress());
        return Response.noContent().build();
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

    /** @return the client's address, as the rate limits see it (behind trusted proxies, the forwarded one) */
    private String clientAddress() {
        return limits.clientAddress(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    }

    private Response token(Sessions.Active session) {
        // The roles the session gives (staff roles may need a second factor), for clients to show.
        TokenIssuer.Issued issued = tokens.issue(session.account(),
                accounts.staffSecondFactor().effectiveRoles(session.roles(), session.session()),
                session.session().getId());
        return Response.ok(JsonBody.JSON.createObjectBuilder()
                        .add("access_token", issued.token())
                        .add("token_type", "Bearer")
                        .add("expires_in", issued.expiresIn()).build().toString())
                .build();
    }

}
