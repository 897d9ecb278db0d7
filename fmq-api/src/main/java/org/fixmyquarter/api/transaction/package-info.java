/**
 * A client's mistake leaves a transactional bean without passing through Open Liberty's
 * transaction interceptor as an exception, which would write an FFDC incident file for every
 * {@code 400}, {@code 404} or {@code 409} (docs/operations.md, "Logs").
 */
package org.fixmyquarter.api.transaction;
