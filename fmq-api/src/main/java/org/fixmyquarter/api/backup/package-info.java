/**
 * The administrator's online backup of the server's data folder ({@code GET /api/v1/admin/backup}):
 * a transactionally consistent copy of the embedded H2 database taken while the server keeps
 * serving, with the keys, the HTTPS keystore and the plugins beside it, in one zip that the
 * launcher's {@code restore} command unpacks into an empty data folder.
 */
package org.fixmyquarter.api.backup;
