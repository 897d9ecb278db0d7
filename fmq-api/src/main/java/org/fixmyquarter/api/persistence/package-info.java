/**
 * The database: schema migration at start and the transactional boundary around core use cases.
 */
package org.fixmyquarter.api.persistence;
