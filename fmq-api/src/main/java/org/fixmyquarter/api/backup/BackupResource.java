package org.fixmyquarter.api.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.audit.AuditLog;

/**
 * {@code GET /api/v1/admin/backup}: a consistent copy of the server's data folder, streamed as a
 * zip while the server keeps serving (see {@link DataFolderBackup} for what it holds).
 */
@RequestScoped
@jakarta.ws.rs.Path("/admin/backup")
@Tag(name = "Administration", description = "Plugins and server state")
public class BackupResource {

    /** The media type of the backup. */
    public static final String ZIP = "application/zip";

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    private DatabaseSnapshots database;

    @Inject
    private BackupAudit audit;

    @Inject
    private SchemaMigration migration;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.data.dir")
    private Optional<String> dataDir;

    @Context
    private SecurityContext security;

    /**
     * @return the zip, written as it is sent
     * @throws IOException  if the data folder cannot be read or the copy cannot be made
     * @throws SQLException if the database refuses the copy
     */
    @GET
    @Produces(ZIP)
    @RolesAllowed("administrator")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "downloadBackup", summary = "Download a backup of the data folder",
            description = "Administrators. A zip, streamed while the server keeps serving: "
                    + DataFolderBackup.PROPERTIES_ENTRY + " first (format 1, product and schema versions, database, "
                    + "creation instant), then " + DataFolderBackup.DATABASE_ENTRY + " (an online, transactionally consistent "
                    + "copy of the embedded H2 database as an SQL script), then every other file of the data folder under its "
                    + "relative path (keys/, tls/, plugins/...), except runtime/, logs/ and temporary files. It holds "
                    + "the token signing key and every account: keep it as safe as the server. Restore it into an "
                    + "empty data folder with 'java -jar fixmyquarter.jar restore <file>'. A server whose database is "
                    + "not an embedded H2 file (PostgreSQL) answers 409: use pg_dump and copy the keys folder. "
                    + "Audited.")
    @APIResponse(responseCode = "200", description = "The backup",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=\"fixmyquarter-backup-"
                    + "<UTC time as yyyyMMddTHHmmssZ>.zip\"", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ZIP, schema = @Schema(ref = "Backup")))
    @APIResponse(responseCode = "403", description = "Not an administrator",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The database is not an embedded H2 file (type "
            + DatabaseSnapshots.NOT_SUPPORTED + "): back it up with its own tools (pg_dump) and copy the keys folder",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response backup() throws IOException, SQLException {
        Instant now = clock.instant();
        Path folder = dataDir.filter(dir -> !dir.isBlank()).map(Path::of).orElse(null);
        // The copy goes beside the data it copies; the system's temporary folder only without one.
        Path scratch = folder != null && Files.isDirectory(folder) ? folder
                : Path.of(System.getProperty("java.io.tmpdir"));
        DataFolderBackup.removeStaleCopies(scratch, now);
        DatabaseSnapshots.Snapshot snapshot = database.take(scratch);
        try {
            List<DataFolderBackup.Member> members = DataFolderBackup.members(folder, snapshot.liveDatabase());
            String file = "fixmyquarter-backup-" + FILE_TIME.format(now) + ".zip";
            Map<String, String> properties = properties(snapshot, now);
            JsonObjectBuilder after = JsonBody.JSON.createObjectBuilder().add("file", file);
            properties.forEach(after::add);
            audit.downloaded(Actors.of(security), file, after.add("files", members.size()).build(), now);
            String text = DataFolderBackup.properties(properties);
            StreamingOutput body = out -> {
                try {
                    DataFolderBackup.write(out, text, snapshot.file(), members);
                } finally {
                    DatabaseSnapshots.delete(snapshot.file());
                }
            };
            return Response.ok(body, ZIP)
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        } catch (IOException | RuntimeException e) {
            DatabaseSnapshots.delete(snapshot.file());
            throw e;
        }
    }

    private Map<String, String> properties(DatabaseSnapshots.Snapshot snapshot, Instant now) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("format", Integer.toString(DataFolderBackup.FORMAT));
        // The core's jar carries the build's version in its manifest; a class-path run of the
        // sources has none, and the entry is then left out rather than guessed.
        String version = AuditLog.class.getPackage() == null ? null
                : AuditLog.class.getPackage().getImplementationVersion();
        if (version != null) {
            properties.put("product.version", version);
        }
        if (migration.schemaVersion() != null) {
            properties.put("schema.version", migration.schemaVersion());
        }
        properties.put("database.product", snapshot.product());
        if (snapshot.version() != null) {
            properties.put("database.version", snapshot.version());
        }
        properties.put("created", now.toString());
        return properties;
    }
}
