/**
 * Types shared by every part of the core, such as the {@link org.fixmyquarter.core.Actor} on whose
 * behalf a use case runs, with the roles it holds, and {@link org.fixmyquarter.core.Permissions},
 * the one place where the rules of who may do what are written: every use case checks its rule
 * there before it reads or writes, so every front end gets the same ones.
 *
 * <p>Use cases expect to run inside a transaction that the caller owns: the server opens a JTA
 * transaction around each call; an embedding program opens a resource-local one. Every write, its
 * history rows and its outbox events then commit or roll back together.
 */
package org.fixmyquarter.core;
