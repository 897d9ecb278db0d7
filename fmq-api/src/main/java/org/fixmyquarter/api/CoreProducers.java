package org.fixmyquarter.api;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.fixmyquarter.core.category.CategoryCatalog;

/**
 * Builds the long-lived collaborators of the core use cases once per application. They are
 * immutable, so they are produced as singletons, without the client proxy a normal scope would
 * need (and that a final class cannot have).
 */
@ApplicationScoped
public class CoreProducers {

    /**
     * @return the categories of this deployment, discovered once at start
     */
    @Produces
    @Singleton
    public CategoryCatalog categoryCatalog() {
        return CategoryCatalog.discover();
    }

    /**
     * @return the UTC clock every timestamp comes from
     */
    @Produces
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
