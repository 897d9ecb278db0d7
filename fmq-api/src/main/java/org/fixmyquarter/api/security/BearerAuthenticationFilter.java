package org.fixmyquarter.api.security;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.problem.ProblemException;

/**
 * Who makes each request. No {@code Authorization} header: an anonymous visitor. A header that
 * holds a valid token of this server: that person, with the token's roles. Anything else (a
 * forged, expired or foreign token, another scheme such as {@code Basic}, two headers) is a
 * {@code 401} on every endpoint, public ones included: a client whose token went bad must learn
 * it, not see its report stored as anonymous.
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
        SignedInUser user;
        try {
            user = verifier.verify(header.substring(space + 1).strip());
        } catch (TokenVerifier.InvalidTokenException e) {
            throw invalid(e.getMessage(), e.expired());
        }
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
