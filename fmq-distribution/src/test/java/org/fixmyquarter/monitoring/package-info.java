/**
 * Unit tests of the monitoring files the archive ships: the Prometheus alert rules (with
 * promtool) and the Grafana dashboard.
 */
package org.fixmyquarter.monitoring;
