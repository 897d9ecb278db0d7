package org.fixmyquarter.api.security;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.account.AccountTransactions;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.Sessions;

/**
 * Who makes each request. No {@code Authorization} header: an anonymous visitor. A header that
 * holds a valid token of this server whose sign-in session is open: that person, with the roles
 * they hold now (staff roles only in a session that passed a second factor, when
 * {@code fmq.auth.staff-second-factor} is {@code required}). Anything else (a forged, expired or
 * foreign token, a token of an ended session, another scheme such as {@code Basic}, two headers)
 * is a {@code 401} on every endpoint, public ones included: a client whose token went bad must
 * learn it, not see its report stored as anonymous.
 *
 * <p>Runs before the rate limits, which count the signed-in person's requests by account.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 200)
public class BearerAuthenticationFilter implements ContainerRequestFilter {

    /** The realm of every challenge. */
    public static final String REALM = "fixmyquarter";

    private static final String SCHEME = "Bearer";

    @Inject
    private TokenVerifier verifier;

    @Inject
    private AccountTransactions accounts;

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty()) {
            return;
        }
        if (headers.size() > 1) {
            throw invalid("Send one Authorization header", false);
        }
        String header = headers.get(0).strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
            throw invalid("Only Bearer tokens are accepted", false);
        }
        SignedInUser token;
        try {
            token = verifier.verify(header.substring(space + 1).strip());
        } catch (TokenVerifier.InvalidTokenException e) {
            throw invalid(e.getMessage(), e.expired());
        }
        // A well-signed token is not enough: its session must still be open, and the roles are
        // the ones the person holds now, not the ones written into the token.
        Sessions.Active session = accounts.session(token.sessionId(), token.accountId())
                .orElseThrow(BearerAuthenticationFilter::sessionEnded);
        // With fmq.auth.staff-second-factor=required, staff roles count only in a session whose
        // sign-in passed a second factor; the rule is the core's (SecondFactorPolicy).
        SignedInUser user = new SignedInUser(token.accountId(), session.account().getDisplayName(),
                accounts.staffSecondFactor().effectiveRoles(session.roles(), session.session()).stream()
                        .map(Role::wireName).collect(Collectors.toSet()), token.sessionId(),
                accounts.staffSecondFactor().effectiveBodies(session.roles(), session.bodies(), session.session()));
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new TokenSecurityContext(user, secure));
    }

    /**
     * @param description what is wrong, in English, for {@code error_description}
     * @param expired     whether the token is only too old, so the detail says to refresh or sign in again
     * @return the 401 problem with the RFC 6750 challenge
     */
    private static ProblemException invalid(String description, boolean expired) {
        Map<String, String> challenge = Map.of(HttpHeaders.WWW_AUTHENTICATE, SCHEME + " realm=\"" + REALM
                + "\", error=\"invalid_token\", error_description=\"" + description + "\"");
        return expired
                ? new ProblemException(401, "invalid-token", "Invalid credentials",
                        "Your token has expired: sign in again (or refresh a token before it expires).", challenge,
                        "problem.invalid-token.expired", List.of())
                : new ProblemException(401, "invalid-token", "Invalid credentials",
                        "The Authorization header does not hold a valid token of this server. Sign in again, or send "
                                + "no Authorization header to act anonymously.", challenge,
                        "problem.invalid-token.detail", List.of());
    }

    /** @return the 401 of a valid token whose session has ended */
    private static ProblemException sessionEnded() {
        Map<String, String> challenge = Map.of(HttpHeaders.WWW_AUTHENTICATE, SCHEME + " realm=\"" + REALM
                + "\", error=\"invalid_token\", error_description=\"The session has ended\"");
        return new ProblemException(401, "invalid-token", "Invalid credentials",
                "Your session has ended (you signed out, your password was changed, or the session reached its "
                        + "longest lifetime): sign in again.", challenge, "problem.invalid-token.session-ended",
                List.of());
    }

    /** The security context of a request with a valid token. */
    private static final class TokenSecurityContext implements SecurityContext {
        private final SignedInUser user;
        private final boolean secure;

        TokenSecurityContext(SignedInUser user, boolean secure) {
            this.user = user;
            this.secure = secure;
        }

        @Override
        public Principal getUserPrincipal() {
            return user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.roles().contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SCHEME;
        }
    }
}
