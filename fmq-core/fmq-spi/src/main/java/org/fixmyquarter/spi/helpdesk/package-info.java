/**
 * Extension point for handing reports to a city's own helpdesk.
 */
package org.fixmyquarter.spi.helpdesk;
