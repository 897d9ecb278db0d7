/**
 * The cache of public reads: answers that are the same for every visitor (report lists, a report's
 * page, categories, clusters), kept in this server's memory and dropped as a whole by every write
 * (docs/performance.md, "Cached public reads").
 */
package org.fixmyquarter.api.cache;
