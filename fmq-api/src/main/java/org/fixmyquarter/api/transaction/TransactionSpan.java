package org.fixmyquarter.api.transaction;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;

/**
 * Binds {@link TransactionSpanInterceptor} to a bean; {@link QuietClientErrorsExtension} puts it
 * on every bean that uses {@code @Transactional}.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TransactionSpan {

    /** The annotation as a value, for the extension. */
    final class Literal extends AnnotationLiteral<TransactionSpan> implements TransactionSpan {

        private static final long serialVersionUID = 1L;

        /** The one instance. */
        public static final Literal INSTANCE = new Literal();
    }
}
