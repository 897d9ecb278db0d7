/**
 * {@code Idempotency-Key} on writes: a retried POST from a flaky network gets the first answer
 * again, never a second report or photo.
 */
package org.fixmyquarter.api.idempotency;
