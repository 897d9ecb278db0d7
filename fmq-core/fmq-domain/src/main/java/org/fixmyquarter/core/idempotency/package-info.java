/**
 * Idempotency keys: a client that retries a write after a lost response gets the first result
 * back instead of a second resource. Keys are stored in the database, so they hold across
 * restarts and across servers.
 */
package org.fixmyquarter.core.idempotency;
