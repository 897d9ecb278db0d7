package org.fixmyquarter.core.account;

/**
 * What the deployment's identity provider vouches for in one verified token.
 *
 * @param issuer        its {@code iss}
 * @param subject       its {@code sub}: the person's stable id at the provider
 * @param email         the e-mail address it gives, or {@code null}
 * @param emailVerified {@code false} only if the provider says it has not verified the address
 * @param displayName   the name it gives, or {@code null}
 */
public record ProviderIdentity(String issuer, String subject, String email, boolean emailVerified,
                               String displayName) {
}
