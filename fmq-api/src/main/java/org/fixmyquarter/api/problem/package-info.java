/**
 * RFC 9457 problem documents: one exception mapper per kind of error, each with a stable
 * {@code type}, so no client mistake ever surfaces as a bare 500.
 */
package org.fixmyquarter.api.problem;
