/**
 * Background pull-back of what cities' helpdesks did with their cases, on a schedule.
 */
package org.fixmyquarter.api.helpdesk;
