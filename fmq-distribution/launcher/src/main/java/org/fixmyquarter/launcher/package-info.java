/**
 * The main class of {@code fixmyquarter.jar} and what it needs before Open Liberty runs: the data
 * folder and its lock ({@link org.fixmyquarter.launcher.DataFolder}), the runtime the jar carries,
 * unpacked once per version ({@link org.fixmyquarter.launcher.RuntimeImage}), and the server run in
 * this JVM ({@link org.fixmyquarter.launcher.LibertyServer}). JDK only.
 */
package org.fixmyquarter.launcher;
