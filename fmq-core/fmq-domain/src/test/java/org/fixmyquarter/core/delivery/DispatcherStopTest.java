package org.fixmyquarter.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dispatcher being stopped counts no attempt: the delivery it could not make stays pending and
 * untouched once the caller rolls back, for the next round of any server.
 */
class DispatcherStopTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService WORKING = Executors.newCachedThreadPool();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));
    private final RecordingChannel channel = new RecordingChannel();

    @BeforeEach
    void oneDueDelivery() {
        DB.deleteAllRows();
        channel.delivered.clear();
        channel.failWith = null;
        channel.entered = new CountDownLatch(1);
        channel.release = new CountDownLatch(0);
        clock.advance(Duration.ofSeconds(1));
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken street light", null, TestCategories.CODES.get(0), 45.7578, 4.8320, 5.0, null),
                Actor.citizen("citizen-1", "Rose")));
        assertEquals(1, (int) DB.inTransaction(em -> dispatcher(WORKING).fanOut(em)));
    }

    @AfterAll
    static void stopExecutor() {
        WORKING.shutdownNow();
    }

    @Test
    void anExecutorThatTakesNoMoreWorkStopsTheDispatcherWithoutAnAttempt() {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();

        assertThrows(DispatchStoppedException.class, () -> DB.inTransaction(em -> dispatcher(stopped).deliverNext(em)));

        assertUntouched();
        assertTrue(channel.delivered.isEmpty());
        // The row was released with the rollback: the next round, here or elsewhere, delivers it.
        Delivery next = DB.inTransaction(em -> dispatcher(WORKING).deliverNext(em)).orElseThrow();
        assertEquals(Delivery.DELIVERED, next.getState());
        assertEquals(1, next.getAttempts());
        assertEquals(1, channel.delivered.size());
    }

    @Test
    void anInterruptedWaitStopsTheDispatcherWithoutAnAttempt() throws Exception {
        channel.release = new CountDownLatch(1);
        Throwable[] thrown = new Throwable[1];
        Thread round = new Thread(() -> {
            try {
                DB.inTransaction(em -> dispatcher(WORKING).deliverNext(em));
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        round.start();
        assertTrue(channel.entered.await(5, TimeUnit.SECONDS), "the plugin was called");
        round.interrupt();
        round.join(5_000);
        channel.release.countDown();

        assertFalse(round.isAlive());
        assertTrue(thrown[0] instanceof DispatchStoppedException, String.valueOf(thrown[0]));
        assertUntouched();
    }

    @Test
    void aRejectionInsideThePluginIsTheDeliverysFailure() {
        channel.failWith = new RejectedExecutionException("the plugin's own pool is full");

        Delivery attempted = DB.inTransaction(em -> dispatcher(WORKING).deliverNext(em)).orElseThrow();

        assertEquals(Delivery.PENDING, attempted.getState());
        assertEquals(1, attempted.getAttempts());
        assertTrue(attempted.getLastError().contains("the plugin's own pool is full"), attempted.getLastError());
    }

    private void assertUntouched() {
        List<List<Object>> rows = DB.query("SELECT state, attempts, last_error FROM fmq_delivery");
        assertEquals(1, rows.size());
        assertEquals(Delivery.PENDING, rows.get(0).get(0));
        assertEquals(0, ((Number) rows.get(0).get(1)).intValue());
        assertNull(rows.get(0).get(2));
    }

    private EventDispatcher dispatcher(ExecutorService executor) {
        PluginRegistry plugins = PluginRegistry.builder().add(new TestCategories()).add(channel).build();
        NotificationTexts texts = new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                ZoneId.of("Europe/Paris"), "metric");
        return new EventDispatcher(plugins, id -> org.fixmyquarter.spi.PluginConfig.empty(), texts, Locale.ENGLISH,
                new DeliverySettings(3, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1), 100),
                executor, clock);
    }

    /** An impersonal channel that records what it got, and can hold or fail a delivery. */
    private static final class RecordingChannel implements NotificationChannel {
        final List<Notification> delivered = new CopyOnWriteArrayList<>();
        volatile RuntimeException failWith;
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("recording", "1.0", SpiVersion.VERSION);
        }

        @Override
        public void deliver(Notification notification) throws PluginException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("interrupted", true, e);
            }
            if (failWith != null) {
                throw failWith;
            }
            delivered.add(notification);
        }
    }
}
