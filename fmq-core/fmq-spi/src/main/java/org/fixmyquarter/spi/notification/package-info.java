/**
 * Extension point for telling people what happened: e-mail, chat, push, SMS.
 */
package org.fixmyquarter.spi.notification;
