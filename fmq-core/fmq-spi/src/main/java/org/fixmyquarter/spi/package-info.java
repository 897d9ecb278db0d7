/**
 * What every extension point shares, such as the version of the SPI a plugin was built for.
 */
package org.fixmyquarter.spi;
