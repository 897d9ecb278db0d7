/**
 * In-app notifications: each person's inbox on the site, filled by the built-in {@code in-app}
 * channel, listed and marked read by its owner.
 */
package org.fixmyquarter.core.notification;
