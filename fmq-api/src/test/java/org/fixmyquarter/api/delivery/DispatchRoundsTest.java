package org.fixmyquarter.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.fixmyquarter.core.delivery.Delivery;
import org.fixmyquarter.core.delivery.DispatchStoppedException;
import org.junit.jupiter.api.Test;

class DispatchRoundsTest {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final AtomicInteger fanOuts = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();

    @Test
    void aStopBetweenRoundsHasNothingToFinishOrRelease() {
        DispatchRounds rounds = new DispatchRounds(steps(() -> 0, () -> Optional.empty()), 10);
        rounds.round(POLL);

        String line = rounds.stop(Duration.ofSeconds(1));

        assertEquals("Event delivery stopped between rounds: no delivery was in progress, none released", line);
        assertNull(rounds.stop(Duration.ofSeconds(1)), "only the first stop logs");
        rounds.round(POLL);
        assertEquals(1, fanOuts.get(), "no round after the stop");
    }

    @Test
    void theDeliveryInProgressFinishesAndNoOtherStarts() throws Exception {
        CountDownLatch inPlugin = new CountDownLatch(1);
        CountDownLatch pluginAnswers = new CountDownLatch(1);
        DispatchRounds rounds = new DispatchRounds(steps(() -> 0, () -> {
            inPlugin.countDown();
            await(pluginAnswers);
            return Optional.of(delivery());
        }), 10);
        CompletableFuture<Void> round = CompletableFuture.runAsync(() -> rounds.round(POLL));
        assertTrue(inPlugin.await(5, TimeUnit.SECONDS));

        CompletableFuture<String> stop = CompletableFuture.supplyAsync(() -> rounds.stop(Duration.ofSeconds(10)));
        awaitTrue(rounds::stopping);
        assertFalse(stop.isDone(), "the stop waits for the delivery in progress");
        pluginAnswers.countDown();

        assertEquals("Event delivery stopped: the last rounds finished 1 delivery and released 0 (left pending and"
                + " unlocked for the next round of any server); no new round starts", stop.get(5, TimeUnit.SECONDS));
        round.get(5, TimeUnit.SECONDS);
        assertEquals(1, deliveries.get(), "the queue behind it waits for the next server");
    }

    @Test
    void aServerThatRefusesPluginCallsEndsTheRoundAndTheStopCountsTheReleasedDelivery() {
        DispatchRounds rounds = new DispatchRounds(steps(() -> 0, () -> {
            if (deliveries.get() == 3) {
                throw new DispatchStoppedException("the executor takes no more plugin calls", null);
            }
            return Optional.of(delivery());
        }), 10);

        rounds.round(POLL);
        assertTrue(rounds.stopping());
        rounds.round(POLL);
        assertEquals(1, fanOuts.get(), "no new round once the server refused a plugin call");

        assertEquals("Event delivery stopped: the last rounds finished 2 deliveries and released 1 (left pending and"
                + " unlocked for the next round of any server); no new round starts", rounds.stop(Duration.ofSeconds(1)));
    }

    @Test
    void theWaitForTheRoundIsBounded() throws Exception {
        CountDownLatch inPlugin = new CountDownLatch(1);
        CountDownLatch pluginAnswers = new CountDownLatch(1);
        DispatchRounds rounds = new DispatchRounds(steps(() -> 0, () -> {
            inPlugin.countDown();
            await(pluginAnswers);
            return Optional.of(delivery());
        }), 10);
        CompletableFuture<Void> round = CompletableFuture.runAsync(() -> rounds.round(POLL));
        assertTrue(inPlugin.await(5, TimeUnit.SECONDS));

        long start = System.nanoTime();
        String line = rounds.stop(Duration.ofMillis(200));

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertTrue(line.contains("at least one more was still running after PT0.2S"), line);
        pluginAnswers.countDown();
        round.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aStopDuringFanOutLeavesTheRestOfTheOutboxAndStartsNoOtherStep() throws Exception {
        DispatchRounds[] holder = new DispatchRounds[1];
        CompletableFuture<String> stop = new CompletableFuture<>();
        DispatchRounds rounds = new DispatchRounds(steps(() -> {
            if (fanOuts.get() == 3) {
                CompletableFuture.supplyAsync(() -> holder[0].stop(Duration.ofSeconds(10))).thenAccept(stop::complete);
                awaitTrue(holder[0]::stopping);
            }
            return 100;
        }, () -> Optional.of(delivery())), 10);
        holder[0] = rounds;

        rounds.round(POLL);

        assertEquals(3, fanOuts.get(), "the batch in progress committed, the next one waits for any server");
        assertEquals(20, deliveries.get(), "a batch of deliveries after each of the first two fan-outs, none after the third");
        assertTrue(stop.get(5, TimeUnit.SECONDS).contains("finished 20 deliveries and released 0"));
    }

    @Test
    void aFailedRoundDoesNotStopTheDispatcher() {
        DispatchRounds rounds = new DispatchRounds(steps(() -> {
            if (fanOuts.get() == 1) {
                throw new IllegalStateException("database down");
            }
            return 0;
        }, () -> deliveries.get() <= 2 ? Optional.of(delivery()) : Optional.empty()), 5);

        rounds.round(POLL);
        rounds.round(POLL);

        assertFalse(rounds.stopping());
        assertEquals(3, deliveries.get(), "the second round delivered both, then found the queue empty");
    }

    @Test
    void aRoundThatMadeAFullBatchHandsOutNewEventsAndGoesOn() {
        DispatchRounds rounds = new DispatchRounds(steps(() -> 0,
                () -> deliveries.get() <= 5 ? Optional.of(delivery()) : Optional.empty()), 2);

        rounds.round(POLL);

        assertEquals(6, deliveries.get(), "three batches of two, then the empty queue ended the round");
        assertEquals(3, fanOuts.get(), "new events were handed out before each batch");
    }

    @Test
    void aBurstIsDeliveredWhileItIsHandedOut() {
        List<String> steps = new ArrayList<>();
        AtomicInteger due = new AtomicInteger();
        DispatchRounds rounds = new DispatchRounds(new DispatchRounds.Steps() {
            @Override
            public int fanOut() {
                steps.add("fan-out");
                int handed = steps.stream().filter("fan-out"::equals).count() <= 3 ? 100 : 0;
                due.addAndGet(handed);
                return handed;
            }

            @Override
            public List<Delivery> deliverSome() {
                if (due.get() == 0) {
                    return List.of();
                }
                // A batch of four to one webhook, as the dispatcher takes them.
                int taken = Math.min(4, due.get());
                due.addAndGet(-taken);
                steps.add("deliver " + taken);
                List<Delivery> some = new ArrayList<>();
                for (int i = 0; i < taken; i++) {
                    some.add(delivery());
                }
                return some;
            }
        }, 40);

        rounds.round(POLL);

        assertEquals(0, due.get(), "the round went on until the burst was delivered");
        assertEquals("deliver 4", steps.get(1), "deliveries started after the first batch of events");
        assertEquals(10, steps.subList(1, steps.size()).indexOf("fan-out"),
                "each turn makes its round's number of deliveries (40, in batches of 4), then hands out more");
    }

    @Test
    void roundsRunSideBySideAndTheStopWaitsForEachOfThem() throws Exception {
        CountDownLatch bothInPlugin = new CountDownLatch(2);
        CountDownLatch pluginsAnswer = new CountDownLatch(1);
        DispatchRounds rounds = new DispatchRounds(steps(() -> 0, () -> {
            if (deliveries.get() > 2) {
                return Optional.empty();
            }
            bothInPlugin.countDown();
            await(pluginsAnswer);
            return Optional.of(delivery());
        }), 10);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> rounds.round(POLL));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> rounds.round(POLL));
        assertTrue(bothInPlugin.await(5, TimeUnit.SECONDS), "the second round did not wait for the first");

        CompletableFuture<String> stop = CompletableFuture.supplyAsync(() -> rounds.stop(Duration.ofSeconds(10)));
        awaitTrue(rounds::stopping);
        assertFalse(stop.isDone(), "the stop waits for both deliveries in progress");
        pluginsAnswer.countDown();

        assertEquals("Event delivery stopped: the last rounds finished 2 deliveries and released 0 (left pending and"
                + " unlocked for the next round of any server); no new round starts", stop.get(5, TimeUnit.SECONDS));
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
    }

    private DispatchRounds.Steps steps(java.util.function.IntSupplier fanOut,
                                       java.util.function.Supplier<Optional<Delivery>> deliverNext) {
        return new DispatchRounds.Steps() {
            @Override
            public int fanOut() {
                fanOuts.incrementAndGet();
                return fanOut.getAsInt();
            }

            @Override
            public List<Delivery> deliverSome() {
                deliveries.incrementAndGet();
                return deliverNext.get().map(List::of).orElse(List.of());
            }
        };
    }

    private static Delivery delivery() {
        return new Delivery() {
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.onSpinWait();
        }
    }
}
