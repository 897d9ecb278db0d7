/**
 * Accounts and roles: registration, password hashing, sign-in with lock-out after repeated
 * failures, and the roles users hold (citizen, moderator, operator, administrator), optionally
 * scoped to an area or body.
 */
package org.fixmyquarter.core.account;
