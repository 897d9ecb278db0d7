package org.fixmyquarter.api.account;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.api.security.ExternalTokens;
import org.fixmyquarter.core.account.ProviderIdentity;
import org.fixmyquarter.core.account.Role;

/**
 * Turns a token of the deployment's identity provider into what the account use cases need: the
 * verified identity ({@code iss}, {@code sub}, e-mail, name) and the roles the provider confers,
 * only through {@code fmq.auth.oidc.role-mapping}; a provider group that merely shares the name of
 * one of our roles confers nothing, since anyone who may create groups at the provider could
 * name one {@code administrator}.
 */
@ApplicationScoped
public class ProviderSignIn {

    private static final Logger LOG = Logger.getLogger(ProviderSignIn.class.getName());

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

    /**
     * A verified token of the provider.
     *
     * @param identity who it is
     * @param roles    the roles it confers through the mapping
     */
    public record Verified(ProviderIdentity identity, Set<Role> roles) {
    }

    /** Says at start, not at the first sign-in, that the provider settings cannot work. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        external.misconfiguration().ifPresent(problem -> LOG.severe("Sign-in through the identity provider is "
                + "refused: " + problem + "."));
    }

    /**
     * @param subjectToken the provider's token, as the client sent it
     * @return its verified identity and mapped roles
     * @throws ProblemException 404 without a provider, 503 if misconfigured, 401 if the token is not valid here
     */
    public Verified verify(String subjectToken) {
        if (!external.enabled()) {
            throw new ProblemException(404, "no-identity-provider", "No identity provider",
                    "This deployment accepts no tokens of another identity provider.", Map.of(),
                    "problem.no-identity-provider.detail", List.of());
        }
        JsonObject claims;
        try {
            claims = external.verify(subjectToken);
        } catch (ExternalTokens.MisconfiguredException e) {
            throw new ProblemException(503, "identity-provider-misconfigured", "Identity provider misconfigured",
                    "Sign-in through the identity provider is switched off until an operator sets "
                            + "fmq.auth.oidc.audience.", Map.of(), "problem.identity-provider-misconfigured.detail",
                    List.of());
        } catch (ExternalTokens.InvalidTokenException e) {
            throw new ProblemException(401, "invalid-subject-token", "Token not accepted",
                    "The identity provider's token is not accepted: " + e.getMessage() + ".", Map.of(),
                    null, List.of());
        }
        String email = ExternalTokens.strings(claims, emailClaim).stream().findFirst().orElse(null);
        String name = ExternalTokens.strings(claims, nameClaim).stream().findFirst().orElse(null);
        // Only an explicit false counts as unverified: many providers (Azure AD) never send the claim.
        boolean verified = !JsonValue.FALSE.equals(claims.get("email_verified"))
                && !"false".equals(ExternalTokens.strings(claims, "email_verified").stream().findFirst().orElse(""));
        ProviderIdentity identity = new ProviderIdentity(claims.getString("iss"), claims.getString("sub"), email,
                verified, name);
        return new Verified(identity, mappedRoles(claims));
    }

    private Set<Role> mappedRoles(JsonObject claims) {
        Map<String, String> mapping = roleMapping();
        Set<Role> roles = new TreeSet<>();
        for (String group : ExternalTokens.strings(claims, rolesClaim)) {
            String mapped = mapping.get(group);
            if (mapped != null) {
                Role.fromWireName(mapped).ifPresent(roles::add);
            }
        }
        return roles;
    }

    /** {@code fmq.auth.oidc.role-mapping}: provider role = our role, comma-separated. */
    private Map<String, String> roleMapping() {
        Map<String, String> mapping = new HashMap<>();
        for (String pair : roleMappingSetting.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                mapping.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return mapping;
    }
}
