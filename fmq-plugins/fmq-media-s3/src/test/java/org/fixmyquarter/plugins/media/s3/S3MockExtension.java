package org.fixmyquarter.plugins.media.s3;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link S3MockServer} with the bucket {@value #BUCKET}, as a parameter of a test,
 * a lifecycle method or a constructor. One server serves every test class of the run (it takes
 * seconds to start) and is stopped when the run ends; tests keep apart by using keys of their own.
 *
 * <pre>{@code
 * @ExtendWith(S3MockExtension.class)
 * class MyTest {
 *     @Test
 *     void stores(S3MockServer s3) { ... s3.endpoint() ... }
 * }
 * }</pre>
 */
public final class S3MockExtension implements ParameterResolver {

    /** The bucket the shared server is started with. */
    public static final String BUCKET = "fmq-test";

    /** Creates the extension; JUnit does. */
    public S3MockExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3MockServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root context's store lives for the whole run and closes (stops) what it holds at its end.
        return context.getRoot().getStore(ExtensionContext.Namespace.create(S3MockExtension.class))
                .getOrComputeIfAbsent(S3MockServer.class, type -> S3MockServer.start(BUCKET), S3MockServer.class);
    }
}
