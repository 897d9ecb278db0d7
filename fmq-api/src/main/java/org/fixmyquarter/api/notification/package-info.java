/**
 * The signed-in user's in-app notifications, and the transactions the in-app channel stores them in.
 */
package org.fixmyquarter.api.notification;
