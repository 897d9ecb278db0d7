package org.fixmyquarter.plugins.channel.amqp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

/**
 * The machine's real RabbitMQ, as the tests (and the server's integration tests) use it: a queue
 * of the test's own, bound to an exchange, and a bounded wait for the messages it gets.
 *
 * <p>The tests need RabbitMQ at {@value #HOST}:{@value #PORT} with the user guest/guest, as CI
 * has; without it they fail, saying so, rather than pass without having run.
 */
public final class TestBroker implements AutoCloseable {

    /** Where the tests expect RabbitMQ. */
    public static final String HOST = "127.0.0.1";

    /** RabbitMQ's AMQP port. */
    public static final int PORT = 5672;

    /** The broker's address with the default guest user, for {@code fmq.plugin.amqp.uri}. */
    public static final String URI = "amqp://guest:guest@" + HOST + ":" + PORT + "/";

    /** A message a test queue received. */
    public record Received(String routingKey, AMQP.BasicProperties properties, String body) {
    }

    private final Connection connection;
    private final Channel channel;

    private TestBroker(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
    }

    /**
     * Connects to the broker as guest.
     *
     * @return the connection, to close after the test
     * @throws AssertionError saying how to start RabbitMQ, if it is not reachable
     */
    public static TestBroker connect() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(3000);
        factory.setAutomaticRecoveryEnabled(false);
        try {
            return new TestBroker(factory.newConnection("FixMyQuarter test"));
        } catch (IOException | TimeoutException e) {
            throw new AssertionError("these tests need RabbitMQ at " + HOST + ":" + PORT + " with the user "
                    + "guest/guest (as CI has): start it with 'rabbitmq-server -detached' (Debian package "
                    + "rabbitmq-server), then run the tests again. Connecting failed with: " + e, e);
        }
    }

    /**
     * Declares a queue of this connection's own (exclusive, deleted with it), bound to an exchange,
     * declaring the exchange as the channel does if it is absent.
     *
     * @param exchange   the exchange
     * @param bindingKey the topic pattern, such as {@code #} or {@code report.created}
     * @return the queue's name
     * @throws IOException if the broker refuses
     */
    public String bindQueue(String exchange, String bindingKey) throws IOException {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, bindingKey);
        return queue;
    }

    /**
     * Deletes an exchange, for a test that checks the channel declares it.
     *
     * @param exchange its name
     * @throws IOException if the broker refuses
     */
    public void deleteExchange(String exchange) throws IOException {
        channel.exchangeDelete(exchange);
    }

    /**
     * @param exchange an exchange's name
     * @return whether the broker has it
     * @throws IOException if connecting fails
     */
    public boolean exchangeExists(String exchange) throws IOException {
        try (Channel check = connection.createChannel()) {
            check.exchangeDeclarePassive(exchange);
            return true;
        } catch (IOException e) {
            return false;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /**
     * Takes messages off a queue until it has taken {@code count}, or until the queue is empty and
     * the time is up ({@link Duration#ZERO}: what the queue holds now).
     *
     * @param queue   the queue
     * @param count   how many messages to wait for
     * @param timeout how long to wait at most
     * @return the messages taken, fewer than {@code count} if the time ran out
     * @throws IOException if the broker fails
     * @throws InterruptedException if interrupted
     */
    public List<Received> take(String queue, int count, Duration timeout) throws IOException, InterruptedException {
        List<Received> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            GetResponse response = channel.basicGet(queue, true);
            if (response != null) {
                received.add(new Received(response.getEnvelope().getRoutingKey(), response.getProps(),
                        new String(response.getBody(), StandardCharsets.UTF_8)));
            } else if (System.nanoTime() - deadline >= 0) {
                break;
            } else {
                Thread.sleep(20);
            }
        }
        return received;
    }

    /**
     * @param queue a queue
     * @return how many messages it holds now
     * @throws IOException if the broker fails
     */
    public long count(String queue) throws IOException {
        return channel.messageCount(queue);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
