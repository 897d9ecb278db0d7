/**
 * What the integration tests need around them: a PostgreSQL database, an HTTP client.
 */
package org.fixmyquarter.it.support;
