/**
 * Comments in the API: list, write, and an author's own edits and deletions.
 */
package org.fixmyquarter.api.comment;
