/**
 * The file-system media store: {@link org.fixmyquarter.plugins.media.filesystem.FileSystemMediaStore}
 * is the plugin. Nothing here is exported.
 */
package org.fixmyquarter.plugins.media.filesystem;
