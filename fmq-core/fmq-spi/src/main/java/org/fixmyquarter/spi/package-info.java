/**
 * What every extension point shares: {@link org.fixmyquarter.spi.Plugin} (descriptor, init with
 * its {@link org.fixmyquarter.spi.PluginConfig}, order, close), the SPI version check and the
 * exception a plugin throws when it cannot do its work.
 */
package org.fixmyquarter.spi;
