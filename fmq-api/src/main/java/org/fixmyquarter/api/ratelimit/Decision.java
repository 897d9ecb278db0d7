package org.fixmyquarter.api.ratelimit;

/**
 * Whether a request may go ahead.
 *
 * @param allowed           whether a token was taken
 * @param remaining         tokens left in the bucket
 * @param retryAfterSeconds when refused, how long until a token is back; else 0
 */
public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
}
