/**
 * The server's own tokens: the signing key pair and RS256 JWT issuing. Verification is done by
 * MicroProfile JWT (Liberty's {@code mpJwt}), from the key set at {@code /api/v1/auth/jwks}.
 */
package org.fixmyquarter.api.security;
