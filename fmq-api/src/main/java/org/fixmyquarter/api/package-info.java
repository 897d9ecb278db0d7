/**
 * The REST API's application class and the CDI producers that hand core services their
 * collaborators.
 */
package org.fixmyquarter.api;
