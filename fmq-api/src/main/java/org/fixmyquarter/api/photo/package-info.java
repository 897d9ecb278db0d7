/**
 * Photos over HTTP: uploads (multipart or one raw image), the photo lists of reports and
 * comments, the media files themselves, and the job that makes them, wired to the deployment's
 * media store.
 */
package org.fixmyquarter.api.photo;
