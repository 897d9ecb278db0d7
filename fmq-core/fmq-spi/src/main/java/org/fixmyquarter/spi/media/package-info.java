/**
 * Extension point for storing the photos and attachments of reports.
 */
package org.fixmyquarter.spi.media;
