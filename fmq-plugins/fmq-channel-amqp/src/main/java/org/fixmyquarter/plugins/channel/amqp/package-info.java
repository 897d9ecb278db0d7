/**
 * The AMQP channel: {@link org.fixmyquarter.plugins.channel.amqp.AmqpChannel} is the plugin; the
 * other classes of this package read its settings and write the message body. Nothing here is
 * exported.
 */
package org.fixmyquarter.plugins.channel.amqp;
