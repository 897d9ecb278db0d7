/**
 * The variant job's benchmark (JMH) and its peak-heap and CPU probe; built only with the
 * {@code benchmark} profile and run by {@code src/benchmark/run.sh}.
 */
package org.fixmyquarter.imaging.benchmark;
