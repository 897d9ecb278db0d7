/**
 * Rate limits: token buckets per client address, per user and per address for sign-ins, in this
 * server's memory or shared through Redis.
 */
package org.fixmyquarter.api.ratelimit;
