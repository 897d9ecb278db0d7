package org.fixmyquarter.api.open311;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Serves the Open311 endpoints at the configured base path ({@code fmq.open311.base-path}): a
 * request under it is forwarded to {@link Open311Resource} inside the JAX-RS application, with
 * the endpoint's public address as a request attribute for discovery. A JAX-RS path is fixed at
 * build time, so the configurable part has to be this forward; the resource answers only
 * requests that came through it.
 */
public class Open311Routing implements Filter {

    /** Where the resource lives inside the application. */
    static final String INTERNAL_PATH = "/api/v1/open311";
    /** The request attribute with the endpoint's public URL, set only on forwarded requests. */
    static final String ENDPOINT = Open311Routing.class.getName() + ".endpoint";

    private static final Logger LOG = Logger.getLogger(Open311Routing.class.getName());

    private String basePath;

    @Override
    public void init(FilterConfig config) {
        try {
            basePath = Open311Settings.from(ConfigProvider.getConfig()).basePath();
        } catch (IllegalArgumentException e) {
            // The rest of the API serves on; Open311 stays off until the setting is corrected.
            basePath = null;
            LOG.log(Level.SEVERE, "The Open311 endpoints are not served: " + e.getMessage());
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String uri = http.getRequestURI();
        String context = http.getContextPath();
        String path = uri == null ? "" : uri.substring(Math.min(uri.length(), context.length()));
        if (basePath != null && path.startsWith(basePath + "/")) {
            StringBuffer url = http.getRequestURL();
            String endpoint = url.substring(0, url.length() - (path.length() - basePath.length()));
            http.setAttribute(ENDPOINT, endpoint);
            String query = http.getQueryString();
            String target = INTERNAL_PATH + path.substring(basePath.length()) + (query == null ? "" : "?" + query);
            http.getRequestDispatcher(target).forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
