/**
 * Extension point for the categories a citizen chooses from when reporting a problem.
 */
package org.fixmyquarter.spi.category;
