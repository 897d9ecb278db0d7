/**
 * A client's mistake leaves a transactional bean without passing through Open Liberty's
 * transaction interceptor as an exception, which would write an FFDC incident file for every
 * {@code 400}, {@code 404} or {@code 409} (docs/operations.md, "Logs"); and each transaction of a
 * traced request has a span of its own (docs/operations.md, "Traces").
 */
package org.fixmyquarter.api.transaction;
