/**
 * Who makes a request: the server's signing key pair, RS256 tokens issued to signed-in accounts,
 * their verification on every request ({@code Authorization: Bearer}), the role rules of the
 * resources, and tokens of a city's own OpenID Connect provider. JOSE is jose4j's.
 */
package org.fixmyquarter.api.security;
