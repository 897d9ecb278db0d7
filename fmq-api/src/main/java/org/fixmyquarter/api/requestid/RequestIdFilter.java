package org.fixmyquarter.api.requestid;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every request of the application its id ({@link RequestId}) before anything else runs:
 * answered in {@code X-Request-Id} and written on every log line the request's thread writes, as
 * {@code ext_requestId} in the JSON logs.
 */
public class RequestIdFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The field of the JSON log lines: {@code ext_requestId}. */
    static final String LOG_FIELD = "requestId";

    private static final String ATTRIBUTE = RequestIdFilter.class.getName();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // A forward or an error page is the same request: it keeps its id.
        String id = (String) request.getAttribute(ATTRIBUTE);
        String outer = RequestId.current();
        if (id == null) {
            id = RequestId.of(request.getHeader(RequestId.HEADER), request.getHeader(RequestId.TRACEPARENT));
            request.setAttribute(ATTRIBUTE, id);
        }
        response.setHeader(RequestId.HEADER, id);
        RequestId.set(id);
        LogContext.put(LOG_FIELD, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (outer == null) {
                LogContext.remove(LOG_FIELD);
                RequestId.set(null);
            }
        }
    }
}
