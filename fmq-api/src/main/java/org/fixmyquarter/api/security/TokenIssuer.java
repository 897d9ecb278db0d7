package org.fixmyquarter.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;

/**
 * Issues the server's access tokens: RS256 JWTs in the MicroProfile JWT format (subject = the
 * account id, {@code groups} = its roles), short-lived; the client signs in again, or refreshes,
 * when one expires.
 */
@ApplicationScoped
public class TokenIssuer {

    /** The audience every token of this server names, and the API checks. */
    public static final String AUDIENCE = "fixmyquarter";

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
     * @param account the signed-in account
     * @param roles   its roles; a scoped grant counts as the role (the scope is checked per request)
     * @return a token for it
     */
    public Issued issue(UserAccount account, Collection<Role> roles) {
        Instant now = clock.instant();
        JsonArrayBuilder groups = JsonBody.JSON.createArrayBuilder();
        roles.stream().map(Role::wireName).distinct().sorted().forEach(groups::add);
        var claims = JsonBody.JSON.createObjectBuilder()
                .add("iss", issuer)
                .add("aud", AUDIENCE)
                .add("sub", account.getId())
                .add("upn", account.getId())
                .add("preferred_username", account.getEmail())
                .add("name", account.getDisplayName())
                .add("groups", groups)
                .add("iat", now.getEpochSecond())
                .add("exp", now.plus(lifetime).getEpochSecond())
                .add("jti", UUID.randomUUID().toString());
        if (account.getPreferredLocale() != null) {
            claims.add("locale", account.getPreferredLocale());
        }
        var header = JsonBody.JSON.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").add("kid", keys.keyId());
        return new Issued(Jwt.sign(header.build(), claims.build(), keys.privateKey()), lifetime.toSeconds());
    }
}
