/**
 * The e-mail channel: {@link org.fixmyquarter.plugins.channel.email.EmailChannel} is the plugin;
 * the other classes of this package read its settings, write the mail around the server's
 * notification and tell transient SMTP failures from permanent ones. Nothing here is exported.
 */
package org.fixmyquarter.plugins.channel.email;
