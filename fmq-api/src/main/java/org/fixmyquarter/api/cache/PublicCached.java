package org.fixmyquarter.api.cache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks a read whose answer to a visitor depends on nothing but the request's path, query,
 * {@code Accept} and {@code Accept-Language}: {@link PublicCacheFilter} may then answer it from
 * {@link PublicReadCache}, and gives it an {@code ETag} and {@code Cache-Control}. Staff are never
 * answered from the cache (they see hidden reports and contact details).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PublicCached {

    /**
     * @return whether a signed-in citizen gets the visitor's answer too; false where the answer
     *         carries something of the reader's own (their vote, whether they follow)
     */
    boolean citizens() default false;
}
