package org.fixmyquarter.api.security;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Checks the access tokens this server issued ({@link TokenIssuer}): RS256 with the server's own
 * key, nothing else (no {@code none}, no HMAC keyed with the public key), this issuer and
 * audience, and the expiry and not-before times with a minute of clock skew.
 */
@ApplicationScoped
public class TokenVerifier {

    /** Tolerated difference between the clocks of the servers sharing a signing key. */
    private static final int CLOCK_SKEW_SECONDS = 60;

    @Inject
    private SigningKeys keys;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.auth.issuer", defaultValue = "fixmyquarter")
    private String issuer;

    /** Why a token was refused, in the words of RFC 6750's {@code error_description}. */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean expired;

        InvalidTokenException(String message, boolean expired) {
            super(message);
            this.expired = expired;
        }

        /** @return whether the token was good but is past its expiry: the client should refresh or sign in */
        public boolean expired() {
            return expired;
        }
    }

    /**
     * @param token the compact JWT of a {@code Bearer} header
     * @return who it names, with the roles the token lists; whether its session is still open is
     *         for the caller to check
     * @throws InvalidTokenException when it is not a valid token of this server now
     */
    public SignedInUser verify(String token) throws InvalidTokenException {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(TokenIssuer.AUDIENCE)
                .setVerificationKey(keys.publicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            Set<String> roles = new LinkedHashSet<>();
            if (claims.hasClaim("groups")) {
                roles.addAll(claims.getStringListClaimValue("groups"));
            }
            String name = claims.getClaimValueAsString("name");
            String subject = claims.getSubject();
            String session = claims.getClaimValueAsString(TokenIssuer.SESSION_CLAIM);
            return new SignedInUser(subject, name == null || name.isBlank() ? subject : name, roles, session);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(e.hasExpired() ? "The token expired" : "The token is not valid here",
                    e.hasExpired());
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("The token's claims are malformed", false);
        }
    }
}
