/**
 * The application's own Prometheus metrics, served with Open Liberty's at {@code /metrics}
 * (mpMetrics): requests per route template, reports created, the outbox, deliveries, circuit
 * breakers and rate-limit refusals (docs/operations.md, "Metrics").
 */
package org.fixmyquarter.api.metrics;
