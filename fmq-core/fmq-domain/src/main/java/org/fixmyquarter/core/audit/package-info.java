/**
 * The append-only audit log of privileged actions: who, what, when, target, before and after.
 */
package org.fixmyquarter.core.audit;
