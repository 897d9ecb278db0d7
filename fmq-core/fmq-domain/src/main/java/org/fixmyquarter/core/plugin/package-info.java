/**
 * Loading plugins: from instances an embedding program passes, from {@link java.util.ServiceLoader}
 * on the class or module path, and from the server's {@code plugins/} folder with one class loader
 * per plugin; checking their SPI version, initialising them with their settings, and keeping the
 * state the administrator sees (active, failed with its reason, disabled).
 */
package org.fixmyquarter.core.plugin;
