package org.fixmyquarter.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Path("/reports")
    static class Resource {

        @GET
        public void list() {
        }

        @GET
        @Path("{id}/photos/{photo: [a-z0-9]+}")
        public void photo() {
        }
    }

    /** What CDI makes of a resource: a subclass without annotations. */
    static class Proxy extends Resource {
    }

    @Test
    void aRouteIsTheApplicationRootAndBothPathsWithItsVariablesNamed() throws Exception {
        assertEquals("/api/v1/reports", RouteTemplates.of(Resource.class, Resource.class.getMethod("list")));
        assertEquals("/api/v1/reports/{id}/photos/{photo}",
                RouteTemplates.of(Proxy.class, Resource.class.getMethod("photo")));
    }

    @Test
    void aRequestNoMethodMatchedHasOneLabelWhateverItsPath() {
        assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of(null, null));
    }

    @Test
    void slashesAreNormalised() {
        assertEquals("/api/v1/a/b", RouteTemplates.join("/api/v1/", "/a/", "b/"));
        assertEquals("/", RouteTemplates.join("", "/"));
    }
}
