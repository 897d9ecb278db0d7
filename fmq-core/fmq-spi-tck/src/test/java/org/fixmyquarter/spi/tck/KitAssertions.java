package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a contract subclass in a nested JUnit engine and checks which of its tests failed, so that a
 * broken sample plugin proves the one test meant to catch it does, and no other.
 */
final class KitAssertions {

    private KitAssertions() {
    }

    static void assertPasses(Class<?> contractTest, int expectedSucceeded) {
        EngineExecutionResults results = run(contractTest);
        Map<String, String> failed = failures(results.testEvents().failed());
        assertTrue(failed.isEmpty(), () -> contractTest.getSimpleName() + " should pass, but failed: " + failed);
        assertEquals(expectedSucceeded, results.testEvents().succeeded().count(),
                () -> contractTest.getSimpleName() + ": tests succeeded");
    }

    static void assertFailsExactly(Class<?> contractTest, String... expectedFailures) {
        EngineExecutionResults results = run(contractTest);
        Map<String, String> failed = failures(results.testEvents().failed());
        assertEquals(new TreeSet<>(Set.of(expectedFailures)), failed.keySet(),
                () -> contractTest.getSimpleName() + " failed other tests than expected: " + failed);
        assertTrue(results.testEvents().succeeded().count() > 0, "the other tests should pass");
    }

    private static EngineExecutionResults run(Class<?> contractTest) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contractTest)).execute();
    }

    private static Map<String, String> failures(Events failed) {
        Map<String, String> byMethod = new TreeMap<>();
        failed.stream().forEach(event -> byMethod.put(methodName(event), failureMessage(event)));
        return byMethod;
    }

    private static String methodName(Event event) {
        return event.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getMethodName())
                .orElse(event.getTestDescriptor().getDisplayName());
    }

    private static String failureMessage(Event event) {
        return event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::toString)
                .orElse("?");
    }
}
