package org.fixmyquarter.api.account;

import java.io.InputStream;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.ratelimit.RateLimits;

/**
 * {@code /api/v1/auth/password-reset}: ask for a mail with a link that sets a new password, and
 * set it with that link's token.
 */
@RequestScoped
@Path("/auth/password-reset")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class PasswordResetResource {

    @Inject
    private AccountTransactions accounts;

    @Inject
    private AccountMail mail;

    @Inject
    private RateLimits limits;

    @Context
    private HttpServletRequest http;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "requestPasswordReset", summary = "Ask for a new password by e-mail",
            description = "Public. Body: {email}. If the address has an account, it is mailed a link that sets a new "
                    + "password, valid once for 30 minutes (at most one mail a minute). The answer is the same "
                    + "whether or not the address has an account.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "EmailRequest")))
    @APIResponse(responseCode = "202", description = "Accepted: a mail goes out if the address has an account")
    @APIResponse(responseCode = "400", description = "Malformed body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "This server sends no e-mail (type account-mail-unavailable): "
            + "an administrator must help", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response request(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String email = json.string("email");
        json.check();
        mail.requireSending();
        accounts.requestPasswordReset(email);
        return Response.accepted().build();
    }

    @POST
    @Path("/confirm")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "resetPassword", summary = "Set a new password with the mailed link",
            description = "Public. Body: {token (the code of the mail, the link's fragment #token=...), password}. "
                    + "The password must pass the same checks as at registration; a refused one leaves the token "
                    + "usable. Ends every sign-in session of the account, confirms its address, and makes every "
                    + "other reset link of the account void. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "PasswordResetRequest")))
    @APIResponse(responseCode = "204", description = "The password is set; sign in with it")
    @APIResponse(responseCode = "400", description = "Malformed body, a token that is unknown, used or expired "
            + "(a field error on token), or a password that is too weak (on password)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response confirm(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String token = json.string("token");
        String password = json.string("password");
        json.check();
        accounts.resetPassword(token, password == null ? null : password.toCharArray(),
                limits.clientAddress(http.getRemoteAddr(), http.getHeader("X-Forwarded-For")));
        return Response.noContent().build();
    }
}
