/**
 * Accounts in the API: registration, sign-in for a token, the signed-in account, and the first
 * administrator.
 */
package org.fixmyquarter.api.account;
