package org.fixmyquarter.api.problem;

import java.io.IOException;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;

import org.fixmyquarter.api.i18n.Texts;

/**
 * The application's error page ({@code WEB-INF/web.xml}): what the servlet container and the
 * JAX-RS runtime answer on their own, without an exception mapper (a header the runtime cannot
 * parse, a path outside the API, an exception escaping a filter), becomes a problem document
 * instead of the container's HTML page.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Texts texts;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // Called directly, not as an error page: there is nothing here.
        int status = code instanceof Integer ? (Integer) code : 404;
        if (status < 400) {
            status = 500;
        }
        Locale locale = texts.locale(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        if (status >= 500) {
            Problem.write(response, status, UnexpectedExceptionMapper.incident(failure, texts, locale), locale);
        } else {
            Problem.write(response, status, Problem.forStatus(status, texts, locale), locale);
        }
    }
}
