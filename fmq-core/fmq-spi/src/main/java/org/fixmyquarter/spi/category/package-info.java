/**
 * Extension point for the categories a citizen chooses from when reporting a problem, and the
 * extra questions a category may ask (since SPI 1.6).
 */
package org.fixmyquarter.spi.category;
