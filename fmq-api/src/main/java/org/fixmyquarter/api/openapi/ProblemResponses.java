package org.fixmyquarter.api.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.fixmyquarter.api.problem.Problem;

/**
 * Adds to every operation the error responses that filters and mappers outside its resource
 * method give (a bad token: {@code 401}, rate limits: {@code 429}, a fault: {@code 500}), and
 * types every {@code application/problem+json} content as the one {@code Problem} schema.
 * Registered with {@code mp.openapi.filter}.
 *
 * <p>Written once here rather than on each of the API's operations, because each of these
 * answers comes from one place in the code ({@code BearerAuthenticationFilter},
 * {@code RateLimitFilter}, {@code UnexpectedExceptionMapper}) for every operation alike; an
 * operation that says more about one of them (sign-in's {@code 401}) keeps its own.
 */
public class ProblemResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        addIfAbsent(responses, "401", signInRequired(operation.getSecurity()) ? "Unauthorized" : "InvalidToken");
        addIfAbsent(responses, "429", "TooManyRequests");
        addIfAbsent(responses, "500", "ServerError");
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                typeProblems(response.getValue());
            }
        }
        return operation;
    }

    /**
     * @return whether every alternative of the operation's security names a scheme, so that an
     *         anonymous caller gets a 401 (an empty alternative, {@code {}}, admits anyone)
     */
    private static boolean signInRequired(List<SecurityRequirement> security) {
        return security != null && !security.isEmpty()
                && security.stream().allMatch(alternative -> alternative.getSchemes() != null
                        && !alternative.getSchemes().isEmpty());
    }

    private static void addIfAbsent(APIResponses responses, String status, String shared) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(shared));
        }
    }

    private static void typeProblems(APIResponse response) {
        if (response.getRef() != null) {
            return;
        }
        Content content = response.getContent();
        if (content == null || content.getMediaTypes().isEmpty()) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        MediaType problem = content.getMediaType(Problem.MEDIA_TYPE);
        if (problem == null) {
            problem = OASFactory.createMediaType();
            content.addMediaType(Problem.MEDIA_TYPE, problem);
        }
        if (problem.getSchema() == null) {
            problem.setSchema(OASFactory.createSchema().ref("Problem"));
        }
    }
}
