/**
 * The server's plugins: loading them at start (built-in ones and the {@code plugins/} folder) and
 * the admin API that lists them with their state.
 */
package org.fixmyquarter.api.plugin;
