/**
 * Comments on reports: writing, listing, and an author's own edits and deletions within a window,
 * with every earlier wording kept.
 */
package org.fixmyquarter.core.comment;
