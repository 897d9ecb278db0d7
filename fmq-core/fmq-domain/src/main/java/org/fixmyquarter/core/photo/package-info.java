/**
 * Photos of reports and comments: who may add them and how many, the files served for each
 * (thumbnail, medium, original), hiding and redaction by moderators, and the background job that
 * makes the files from an upload.
 */
package org.fixmyquarter.core.photo;
