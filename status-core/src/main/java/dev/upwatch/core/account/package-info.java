/**
 * Console accounts: users, roles, the password rules and the ports to store accounts and hash passwords (JDK only).
 */
package dev.upwatch.core.account;
