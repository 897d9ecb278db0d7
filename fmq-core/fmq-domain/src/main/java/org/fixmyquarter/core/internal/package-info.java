/**
 * Implementation details of the core; not exported, not a contract.
 */
package org.fixmyquarter.core.internal;
