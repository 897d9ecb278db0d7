/**
 * Plugins the integration tests install in the servers' plugins folder, each packed into a jar
 * of its own by {@link org.fixmyquarter.it.support.PluginJars}: three deliberately broken ones and
 * a channel that writes what it receives to a file.
 */
package org.fixmyquarter.it.plugins;
