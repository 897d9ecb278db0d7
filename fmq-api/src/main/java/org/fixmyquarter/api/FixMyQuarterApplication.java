package org.fixmyquarter.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

/**
 * The API's root: every resource lives under {@code /api/v1}. Callers authenticate with a bearer
 * token of this server ({@code security.BearerAuthenticationFilter}); each resource method
 * declares the roles it needs ({@code security.RoleCheck}).
 */
@ApplicationPath("/api/v1")
@DeclareRoles({"citizen", "moderator", "operator", "administrator"})
@OpenAPIDefinition(info = @Info(
        title = "FixMyQuarter API",
        version = "1",
        description = "Report neighbourhood problems and follow them until they are resolved. "
                + "Errors are RFC 9457 problem documents (application/problem+json).",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
public class FixMyQuarterApplication extends Application {
}
