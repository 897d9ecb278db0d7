/**
 * The request id: taken from a request's {@code X-Request-Id} or {@code traceparent}, else made,
 * answered in {@code X-Request-Id} and written on every log line of the request
 * (docs/operations.md, "Logs").
 */
package org.fixmyquarter.api.requestid;
