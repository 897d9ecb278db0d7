/**
 * Responsible bodies (a council department, a utility, an NGO): the categories each handles in
 * which areas, where its reports are delivered, and the routing of each new report to one body.
 * See {@link org.fixmyquarter.core.body.Bodies} for the use cases and docs/areas.md for the rules.
 */
package org.fixmyquarter.core.body;
