/**
 * Moderation in the API: flags on reports and comments, the moderators' queue, hiding and
 * unhiding, merging duplicate reports.
 */
package org.fixmyquarter.api.moderation;
