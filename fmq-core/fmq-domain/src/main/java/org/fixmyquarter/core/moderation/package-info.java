/**
 * Moderation: people flag reports and comments; moderators work through the queue of flagged
 * content, dismiss flags, hide and unhide content. Merging duplicate reports is a report use case
 * ({@code ReportService#merge}) that resolves the duplicate's flags here.
 */
package org.fixmyquarter.core.moderation;
