/**
 * Integration tests against a started FixMyQuarter server: over HTTP as a client would, and
 * inside the server with Arquillian. Each test runs twice, on H2 and on PostgreSQL.
 */
package org.fixmyquarter.it;
