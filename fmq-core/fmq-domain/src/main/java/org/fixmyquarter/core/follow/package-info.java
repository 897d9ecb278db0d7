/**
 * Following: people ask to be told about changes of a report, or about new reports in an area
 * (a circle around a point). Reporters follow their own reports.
 */
package org.fixmyquarter.core.follow;
