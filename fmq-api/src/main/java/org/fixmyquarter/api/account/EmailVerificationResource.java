package org.fixmyquarter.api.account;

import java.io.InputStream;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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

/**
 * {@code /api/v1/auth/verify-email}: confirm the address of a new account with the token of the
 * link mailed to it, and ask for that mail again.
 */
@RequestScoped
@Path("/auth/verify-email")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class EmailVerificationResource {

    @Inject
    private AccountTransactions accounts;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "verifyEmail", summary = "Confirm an account's e-mail address",
            description = "Public. Body: {token}, the code of the mail sent at registration (the link's fragment "
                    + "#token=...). Valid once, for 24 hours, for the address it was sent to. The person then signs "
                    + "in with their password.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AccountTokenRequest")))
    @APIResponse(responseCode = "204", description = "The address is confirmed")
    @APIResponse(responseCode = "400", description = "Malformed body, or a token that is unknown, used or expired "
            + "(a field error on token)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response verify(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String token = json.string("token");
        json.check();
        accounts.verifyEmail(token);
        return Response.noContent().build();
    }

    @POST
    @Path("/resend")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "resendEmailVerification", summary = "Mail the confirmation link again",
            description = "Public. Body: {email}. If the address has an account that waits for its confirmation, a "
                    + "new link is mailed (at most one a minute). The answer is the same in every case, so it tells "
                    + "nobody whether the address has an account.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "EmailRequest")))
    @APIResponse(responseCode = "202", description = "Accepted: a mail goes out if there is an account to confirm")
    @APIResponse(responseCode = "400", description = "Malformed body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response resend(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String email = json.string("email");
        json.check();
        accounts.requestVerification(email);
        return Response.accepted().build();
    }
}
