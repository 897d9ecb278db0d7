package org.fixmyquarter.spi.tck;

import org.fixmyquarter.spi.Plugin;

/**
 * An extension point of the kit's own tests, so that {@link PluginContract}'s tests can be checked
 * apart from any contract of a real extension point.
 */
public interface SamplePlugin extends Plugin {
}
