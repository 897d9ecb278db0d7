/**
 * The reports resource: create (idempotently), read, list, change status, history.
 */
package org.fixmyquarter.api.report;
