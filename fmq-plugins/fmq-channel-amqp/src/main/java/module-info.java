/**
 * The AMQP notification channel of FixMyQuarter: an impersonal channel that publishes every event
 * as a persistent JSON message to a RabbitMQ exchange, with publisher confirms.
 */
module org.fixmyquarter.plugins.channel.amqp {
    requires org.fixmyquarter.spi;
    requires com.rabbitmq.client;
    requires jakarta.json;

    provides org.fixmyquarter.spi.notification.NotificationChannel
            with org.fixmyquarter.plugins.channel.amqp.AmqpChannel;
}
