package org.fixmyquarter.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Issues the server's access tokens: RS256 JWTs in the MicroProfile JWT format (subject = the
 * account id, {@code groups} = its roles, {@code sid} = its sign-in session), short-lived; the
 * client refreshes it, or signs in again, when one expires.
 */
@ApplicationScoped
public class TokenIssuer {

    /** The audience every token of this server names, and the API checks. */
    public static final String AUDIENCE = "fixmyquarter";

    /** The claim naming the token's sign-in session. */
    public static final String SESSION_CLAIM = "sid";

    @Inject
    private SigningKeys keys;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.auth.issuer", defaultValue = "fixmyquarter")
    private String issuer;

    @Inject
    @ConfigProperty(name = "fmq.auth.token-lifetime", defaultValue = "PT15M")
    private Duration lifetime;

    /**
     * An issued token.
     *
     * @param token     the compact JWT
     * @param expiresIn seconds until it expires
     */
    public record Issued(String token, long expiresIn) {
    }

    /**
     * @param account   the signed-in account
     * @param roles     its roles, for clients to show; the server reads the current ones at each request
     * @param sessionId the sign-in session the token belongs to: ending it ends the token
     * @return a token for it
     */
    public Issued issue(UserAccount account, Collection<Role> roles, String sessionId) {
        Instant now = clock.instant();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(account.getId());
        claims.setClaim("upn", account.getId());
        claims.setClaim("preferred_username", account.getEmail());
        claims.setClaim("name", account.getDisplayName());
        claims.setStringListClaim("groups", roles.stream().map(Role::wireName).distinct().sorted().toList());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim(SESSION_CLAIM, sessionId);
        if (account.getPreferredLocale() != null) {
            claims.setClaim("locale", account.getPreferredLocale());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keys.keyId());
        jws.setHeader("typ", "JWT");
        jws.setKey(keys.privateKey());
        try {
            return new Issued(jws.getCompactSerialization(), lifetime.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }
}
