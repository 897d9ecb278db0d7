/**
 * What the signed-in user follows: reports (followed through {@code /reports/{id}/follow}) and areas.
 */
package org.fixmyquarter.api.follow;
