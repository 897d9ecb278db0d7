/**
 * Events written in the same transaction as the change they describe, so that nothing a client
 * was told succeeded is lost on the way to notification channels, webhooks and connectors.
 */
package org.fixmyquarter.core.outbox;
