package org.fixmyquarter.api.security;

import java.lang.reflect.Method;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Enforces the {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} of each resource
 * method (the method's annotation wins over its class's): nobody signed in gets {@code 401}, a
 * signed-in person without one of the roles {@code 403}. The server has no container security,
 * so this is where those annotations take effect.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new Check(Set.of()));
        } else if (method.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Check(Set.of(method.getAnnotation(RolesAllowed.class).value())));
        } else if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        } else if (type.isAnnotationPresent(DenyAll.class)) {
            context.register(new Check(Set.of()));
        } else if (type.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Check(Set.of(type.getAnnotation(RolesAllowed.class).value())));
        }
    }

    /** The check of one resource method: one of these roles. */
    @Priority(Priorities.AUTHORIZATION)
    private static final class Check implements ContainerRequestFilter {
        private final Set<String> roles;

        Check(Set<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            var security = request.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                // The problem of each status is written once, by WebApplicationExceptionMapper.
                throw new NotAuthorizedException("Bearer realm=\"" + BearerAuthenticationFilter.REALM + "\"");
            }
            if (roles.stream().noneMatch(security::isUserInRole)) {
                throw new ForbiddenException();
            }
        }
    }
}
