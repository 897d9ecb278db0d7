/**
 * The OpenAPI document's shared parts that no single resource method declares: the responses
 * every operation can give and the schema of every problem document. The schemas themselves are
 * in {@code META-INF/openapi.yaml}; each operation's annotations name the ones it uses.
 */
package org.fixmyquarter.api.openapi;
