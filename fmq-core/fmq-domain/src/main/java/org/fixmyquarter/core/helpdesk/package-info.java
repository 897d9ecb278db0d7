/**
 * What a city's helpdesk did with the cases its connector opened, brought back into the reports:
 * {@link org.fixmyquarter.core.helpdesk.HelpdeskPull} asks each connector that
 * {@linkplain org.fixmyquarter.spi.helpdesk.HelpdeskConnector#pullsUpdates() pulls updates}
 * about its open cases and writes what it learns into the reports' public history.
 */
package org.fixmyquarter.core.helpdesk;
