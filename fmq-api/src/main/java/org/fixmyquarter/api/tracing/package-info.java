/**
 * Traces: the core's {@link org.fixmyquarter.core.Tracing} backed by MicroProfile Telemetry
 * (OpenTelemetry, exported by OTLP when switched on), and a span around each transaction a traced
 * request runs (docs/operations.md, "Traces").
 */
package org.fixmyquarter.api.tracing;
