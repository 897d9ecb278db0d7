package org.fixmyquarter.core.report;

/**
 * A report that may describe the same problem as one about to be submitted.
 *
 * @param report         the existing report
 * @param distanceMetres how far it is from the position given
 * @param textSimilarity how many words the two texts share, 0 (none) to 1 (the same words)
 * @param score          how likely it is the same problem, 0 to 1: nearer and more alike is higher
 */
public record SimilarReport(Report report, double distanceMetres, double textSimilarity, double score) {
}
