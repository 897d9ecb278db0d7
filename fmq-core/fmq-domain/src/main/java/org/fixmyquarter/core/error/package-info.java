/**
 * The errors use cases raise for a caller's mistake; the API turns each kind into one HTTP status
 * and an RFC 9457 problem document.
 */
package org.fixmyquarter.core.error;
