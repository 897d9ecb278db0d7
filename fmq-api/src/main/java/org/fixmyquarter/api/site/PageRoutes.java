package org.fixmyquarter.api.site;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web page's own addresses ({@code /reports/<id>}, {@code /account/verify-email},
 * {@code /staff/triage}...), which {@code web.xml} maps here: each answers the page itself,
 * {@code index.html}, whose router then draws the view the path names. So a link in an e-mail, a
 * bookmark or a reload opens the right view rather than a 404. Only reads: a page has nothing to
 * post to.
 */
public class PageRoutes extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The page, as the container serves it from the application's root. */
    static final String PAGE = "/index.html";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        request.getRequestDispatcher(PAGE).forward(request, response);
    }
}
