package org.fixmyquarter.core.photo;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.QuotaExceededException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.PersonLocks;
import org.fixmyquarter.core.internal.ReportLocks;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.imaging.BlurRegion;

/**
 * The photos of reports and comments: adding them within the deployment's limits, listing them
 * as a reader may see them, finding the file behind a public address, redacting and deleting.
 * Each method works in the caller's transaction.
 *
 * <p>Adding a photo is two steps, so that no one waits for the bytes of a refused upload:
 * {@link #checkCanAdd} before the upload is read (who, where, how many), then {@link #add} once
 * its bytes are in the media store under {@link #uploadKey}, which checks again with the report
 * locked, so that parallel uploads cannot pass a limit together. The {@code photo.uploaded} event
 * it writes has the {@link PhotoJob} make the files.
 */
public class PhotoService {

    /** The most rectangles one redaction blurs. */
    public static final int REGIONS_MAX = 20;

    private final EntityManager em;
    private final PhotoSettings settings;
    private final Clock clock;

    /**
     * @param em       the entity manager of the current transaction
     * @param settings the deployment's limits
     * @param clock    the source of "now"
     */
    public PhotoService(EntityManager em, PhotoSettings settings, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return a new photo id, to store its upload under {@link #uploadKey} before {@link #add} */
    public static String newPhotoId() {
        return Ids.newId();
    }

    /**
     * @param photoId a photo id
     * @return where its upload waits in the media store until the photo job has processed it
     */
    public static String uploadKey(String photoId) {
        return "uploads/" + photoId;
    }

    /**
     * Checks that the actor may add a photo to the report (or comment) and that neither the
     * place's limit nor the actor's daily quota is used up. Writes nothing.
     *
     * @param reportId  the report
     * @param commentId one of its comments, or {@code null} for the report itself
     * @param actor     who adds it
     * @return how many photos the actor may add there now, at least 1
     * @throws NotFoundException      if the report or comment is not there for this actor
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not add photos there
     * @throws ConflictException      {@code report-merged}, {@code too-many-photos}
     * @throws QuotaExceededException {@code photos-per-day}
     */
    public int checkCanAdd(String reportId, String commentId, Actor actor) {
        Permissions.requireActor(actor);
        Report report = Moderation.visibleReport(em, reportId, Permissions.seesHidden(actor));
        int room = checkPlace(report, commentId, actor);
        return Math.min(room, checkQuota(actor, now()));
    }

    /**
     * Records a photo whose upload is in the media store under {@link #uploadKey}, in state
     * {@code processing}, with a {@code photo.uploaded} event. Checks everything
     * {@link #checkCanAdd} checks, again, with the report locked.
     *
     * @param photoId   from {@link #newPhotoId}
     * @param reportId  the report
     * @param commentId one of its comments, or {@code null}
     * @param upload    what the upload was found to be
     * @param actor     who adds it
     * @return the photo
     * @throws NotFoundException      if the report or comment is not there for this actor
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not add photos there
     * @throws ConflictException      {@code report-merged}, {@code too-many-photos}
     * @throws QuotaExceededException {@code photos-per-day}
     */
    public Photo add(String photoId, String reportId, String commentId, Upload upload, Actor actor) {
        Permissions.requireActor(actor);
        Objects.requireNonNull(upload, "upload");
        Report report = ReportLocks.locked(em, reportId);
        if (report.getHiding().isHidden() && !Permissions.seesHidden(actor)) {
            throw new NotFoundException("report", reportId);
        }
        checkPlace(report, commentId, actor);
        Instant now = now();
        checkQuota(actor, now);
        return record(photoId, report, commentId, actor.id(), upload, now);
    }

    /**
     * Records a photo the server fetched for a report from an address an app gave with it
     * (Open311's {@code media_url}), whose upload is in the media store under {@link #uploadKey}.
     * No person adds it, so no person's rights or daily quota apply; the report's limit does.
     *
     * @param photoId    from {@link #newPhotoId}
     * @param reportId   the report the app posted
     * @param upload     what the fetched file was found to be
     * @param uploaderId who the photo is recorded as added by: the app's API key id
     * @return the photo
     * @throws NotFoundException if the report is gone
     * @throws ConflictException {@code report-merged}, {@code too-many-photos}
     */
    public Photo addFetched(String photoId, String reportId, Upload upload, String uploaderId) {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(uploaderId, "uploaderId");
        Report report = ReportLocks.locked(em, reportId);
        ReportLocks.requireNotMerged(report);
        if (count(null, reportId) >= settings.perReport()) {
            throw new ConflictException("too-many-photos", "There are " + settings.perReport()
                    + " photos here already, the most allowed.", "problem.too-many-photos.detail", settings.perReport());
        }
        return record(photoId, report, null, uploaderId, upload, now());
    }

    private Photo record(String photoId, Report report, String commentId, String uploaderId, Upload upload,
                         Instant now) {
        Photo photo = new Photo(photoId, report.getId(), commentId, uploaderId, upload, uploadKey(photoId), now);
        em.persist(photo);
        em.lock(report, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        Outbox.record(em, PhotoJob.UPLOADED, photoId, Outbox.JSON.createObjectBuilder()
                .add("photoId", photoId).add("reportId", report.getId()).build(), now);
        return photo;
    }

    /** @return how many more photos the place takes */
    private int checkPlace(Report report, String commentId, Actor actor) {
        ReportLocks.requireNotMerged(report);
        if (commentId == null) {
            Permissions.checkAddPhoto(actor, report.getAuthorId(), true);
        } else {
            Comment comment = Moderation.visibleComment(em, report.getId(), commentId, Permissions.seesHidden(actor));
            if (comment.isDeleted()) {
                throw new NotFoundException("comment", commentId);
            }
            Permissions.checkAddPhoto(actor, comment.getAuthorId(), false);
        }
        int limit = commentId == null ? settings.perReport() : settings.perComment();
        long count = count(commentId, report.getId());
        if (count >= limit) {
            throw new ConflictException("too-many-photos", "There are " + limit
                    + " photos here already, the most allowed; delete one to add another.",
                    "problem.too-many-photos.detail", limit);
        }
        return (int) (limit - count);
    }

    private long count(String commentId, String reportId) {
        var query = em.createQuery("SELECT COUNT(p) FROM Photo p WHERE p.reportId = :report AND p.state <> :failed"
                        + (commentId == null ? " AND p.commentId IS NULL" : " AND p.commentId = :comment"), Long.class)
                .setParameter("report", reportId)
                .setParameter("failed", Photo.FAILED);
        if (commentId != null) {
            query.setParameter("comment", commentId);
        }
        return query.getSingleResult();
    }

    /** @return how many more photos the actor may upload today */
    private int checkQuota(Actor actor, Instant now) {
        if (settings.perDay() == 0 || actor.isStaff()) {
            return Integer.MAX_VALUE;
        }
        PersonLocks.lock(em, actor.id());
        List<OffsetDateTime> recent = em.createQuery("SELECT p.createdAt FROM Photo p WHERE p.uploaderId = :who"
                        + " AND p.createdAt > :since ORDER BY p.createdAt", OffsetDateTime.class)
                .setParameter("who", actor.id())
                .setParameter("since", now.minus(PhotoSettings.DAY).atOffset(ZoneOffset.UTC))
                .setMaxResults(settings.perDay())
                .getResultList();
        if (recent.size() >= settings.perDay()) {
            Instant retryAt = recent.get(0).toInstant().plus(PhotoSettings.DAY).truncatedTo(ChronoUnit.SECONDS)
                    .plusSeconds(1);
            throw new QuotaExceededException("photos-per-day", settings.perDay(), retryAt, "You have uploaded "
                    + settings.perDay() + " photos in the last 24 hours, the most allowed; try again later.",
                    "problem.photo-quota-exceeded.detail");
        }
        return settings.perDay() - recent.size();
    }

    /**
     * @param photoId a photo id
     * @param reportId the report it must belong to
     * @param viewer  who asks
     * @return the photo as the viewer may see it
     * @throws NotFoundException if there is no such photo on that report for this viewer
     */
    public PhotoView get(String photoId, String reportId, Actor viewer) {
        Photo photo = photoId == null ? null : em.find(Photo.class, photoId);
        if (photo == null || !photo.getReportId().equals(reportId) && !mergedInto(photo.getReportId(), reportId)) {
            throw new NotFoundException("photo", photoId);
        }
        Moderation.visibleReport(em, photo.getReportId(), Permissions.seesHidden(viewer));
        List<PhotoView> views = views(List.of(photo), viewer);
        if (views.isEmpty()) {
            throw new NotFoundException("photo", photoId);
        }
        return views.get(0);
    }

    private boolean mergedInto(String duplicate, String original) {
        Report report = em.find(Report.class, duplicate);
        return report != null && original.equals(report.getMergedInto());
    }

    /**
     * The photos of reports as a reader may see them: each report's own (not its comments'),
     * with those of the duplicates merged into it, oldest first.
     *
     * @param reportIds the reports
     * @param viewer    who reads
     * @return the photos of each report that has some
     */
    public Map<String, List<PhotoView>> ofReports(Collection<String> reportIds, Actor viewer) {
        if (reportIds.isEmpty()) {
            return Map.of();
        }
        Set<String> ids = Set.copyOf(reportIds);
        List<Object[]> rows = em.createQuery("SELECT p, r.mergedInto, r.hiding.hidden FROM Photo p, Report r"
                        + " WHERE p.reportId = r.id AND p.commentId IS NULL AND (r.id IN :ids OR r.mergedInto IN :ids)"
                        + " ORDER BY p.createdAt, p.id", Object[].class)
                .setParameter("ids", ids)
                .getResultList();
        boolean staff = Permissions.seesHidden(viewer);
        List<Photo> photos = new ArrayList<>();
        Map<String, String> shownOn = new HashMap<>();
        for (Object[] row : rows) {
            Photo photo = (Photo) row[0];
            String mergedInto = (String) row[1];
            if (!staff && Boolean.TRUE.equals(row[2])) {
                // A hidden duplicate's photos stay hidden on the original it was merged into.
                continue;
            }
            photos.add(photo);
            shownOn.put(photo.getId(), mergedInto != null && ids.contains(mergedInto) ? mergedInto : photo.getReportId());
        }
        Map<String, List<PhotoView>> result = new LinkedHashMap<>();
        for (PhotoView view : views(photos, viewer)) {
            result.computeIfAbsent(shownOn.get(view.photo().getId()), id -> new ArrayList<>()).add(view);
        }
        return result;
    }

    /**
     * @param commentIds comments
     * @param viewer     who reads
     * @return the photos of each comment that has some, as the viewer may see them, oldest first
     */
    public Map<String, List<PhotoView>> ofComments(Collection<String> commentIds, Actor viewer) {
        if (commentIds.isEmpty()) {
            return Map.of();
        }
        // The public never sees the photos of a comment a moderator hid or its author deleted,
        // whoever asks for them.
        List<Photo> photos = em.createQuery("SELECT p FROM Photo p, Comment c WHERE p.commentId = c.id"
                        + " AND p.commentId IN :ids" + (Permissions.seesHidden(viewer) ? ""
                        : " AND c.hiding.hidden = FALSE AND c.deletedAt IS NULL")
                        + " ORDER BY p.createdAt, p.id", Photo.class)
                .setParameter("ids", Set.copyOf(commentIds)).getResultList();
        Map<String, List<PhotoView>> result = new LinkedHashMap<>();
        for (PhotoView view : views(photos, viewer)) {
            result.computeIfAbsent(view.photo().getCommentId(), id -> new ArrayList<>()).add(view);
        }
        return result;
    }

    /**
     * Who sees what: the public sees ready photos that are not hidden, with their public files
     * (the original only if the deployment publishes originals); staff see every photo and file;
     * uploaders see their own photos in every state, but not hidden ones.
     */
    private List<PhotoView> views(List<Photo> photos, Actor viewer) {
        if (photos.isEmpty()) {
            return List.of();
        }
        boolean staff = Permissions.seesHidden(viewer);
        Map<String, List<PhotoFile>> files = new HashMap<>();
        for (PhotoFile file : em.createQuery("SELECT f FROM PhotoFile f WHERE f.photoId IN :ids", PhotoFile.class)
                .setParameter("ids", photos.stream().map(Photo::getId).toList()).getResultList()) {
            files.computeIfAbsent(file.getPhotoId(), id -> new ArrayList<>()).add(file);
        }
        List<PhotoView> views = new ArrayList<>();
        for (Photo photo : photos) {
            boolean own = viewer != null && viewer.isSignedIn() && viewer.id().equals(photo.getUploaderId());
            if (!staff && (photo.getHiding().isHidden() || !own && !Photo.READY.equals(photo.getState()))) {
                continue;
            }
            List<PhotoFile> shown = new ArrayList<>();
            for (String kind : List.of(PhotoFile.THUMBNAIL, PhotoFile.MEDIUM, PhotoFile.ORIGINAL, PhotoFile.UNREDACTED)) {
                files.getOrDefault(photo.getId(), List.of()).stream()
                        .filter(f -> f.getKind().equals(kind) && mayServe(kind, staff))
                        .findFirst().ifPresent(shown::add);
            }
            views.add(new PhotoView(photo, shown));
        }
        return views;
    }

    private boolean mayServe(String kind, boolean staff) {
        return staff || PhotoFile.THUMBNAIL.equals(kind) || PhotoFile.MEDIUM.equals(kind)
                || PhotoFile.ORIGINAL.equals(kind) && settings.originalPublic();
    }

    /**
     * Finds the file behind a public address, if this reader may see it: its photo is not hidden
     * (nor its report, nor its comment), and its kind is shown to the reader.
     *
     * @param sha256 the file's SHA-256, lowercase hex
     * @param viewer who asks
     * @return the file, or empty if there is none this reader may see
     */
    public Optional<PhotoFile> served(String sha256, Actor viewer) {
        boolean staff = Permissions.seesHidden(viewer);
        for (PhotoFile file : em.createQuery("SELECT f FROM PhotoFile f WHERE f.sha256 = :sha", PhotoFile.class)
                .setParameter("sha", sha256).getResultList()) {
            if (!mayServe(file.getKind(), staff)) {
                continue;
            }
            Photo photo = em.find(Photo.class, file.getPhotoId());
            if (photo == null || !staff && (photo.getHiding().isHidden() || hiddenPlace(photo))) {
                continue;
            }
            return Optional.of(file);
        }
        return Optional.empty();
    }

    private boolean hiddenPlace(Photo photo) {
        Report report = em.find(Report.class, photo.getReportId());
        if (report == null || report.getHiding().isHidden()) {
            return true;
        }
        if (report.getMergedInto() != null) {
            // A duplicate's photos are shown on its original, and hidden with it.
            Report original = em.find(Report.class, report.getMergedInto());
            if (original == null || original.getHiding().isHidden()) {
                return true;
            }
        }
        if (photo.getCommentId() == null) {
            return false;
        }
        Comment comment = em.find(Comment.class, photo.getCommentId());
        return comment == null || comment.isDeleted() || comment.getHiding().isHidden();
    }

    /**
     * Blurs rectangles of a photo (a face, a number plate) in every file the public sees; staff
     * keep the unredacted original. A new redaction replaces the previous one. The public files
     * are withdrawn at once and made again by the photo job. Writes an audit entry.
     *
     * @param photoId   the photo
     * @param regions   1 to {@link #REGIONS_MAX} rectangles, in fractions of the displayed image
     * @param reason    why, 1 to {@link Moderation#REASON_MAX} characters
     * @param moderator a moderator or administrator
     * @return the photo, processing its redacted files
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not moderate
     * @throws NotFoundException   if there is no such photo
     * @throws ValidationException naming {@code regions} or {@code reason}
     * @throws ConflictException   {@code photo-not-ready}: its files are still being made, or it failed
     */
    public Photo redact(String photoId, List<BlurRegion> regions, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = Moderation.checkedReason(reason);
        if (regions == null || regions.isEmpty() || regions.size() > REGIONS_MAX) {
            throw ValidationException.of("regions", "validation.photo-regions",
                    "must list 1 to " + REGIONS_MAX + " rectangles", REGIONS_MAX);
        }
        Photo photo = photoId == null ? null : em.find(Photo.class, photoId, LockModeType.PESSIMISTIC_WRITE);
        if (photo == null) {
            throw new NotFoundException("photo", photoId);
        }
        if (!Photo.READY.equals(photo.getState())) {
            throw new ConflictException("photo-not-ready", "This photo's files are not ready (it is " + photo.getState()
                    + "); redact it once it is ready.", "problem.photo-not-ready.detail", photo.getState());
        }
        Instant now = now();
        List<PhotoFile> files = em.createQuery("SELECT f FROM PhotoFile f WHERE f.photoId = :id", PhotoFile.class)
                .setParameter("id", photoId).getResultList();
        boolean firstRedaction = files.stream().noneMatch(f -> PhotoFile.UNREDACTED.equals(f.getKind()));
        JsonArrayBuilder discard = Outbox.JSON.createArrayBuilder();
        for (PhotoFile file : files) {
            if (PhotoFile.UNREDACTED.equals(file.getKind())) {
                continue;
            }
            em.remove(file);
            if (firstRedaction && PhotoFile.ORIGINAL.equals(file.getKind())) {
                // The untouched original stays, for staff only.
                em.flush();
                em.persist(new PhotoFile(photoId, PhotoFile.UNREDACTED, file.getSha256(), file.getWidth(),
                        file.getHeight(), file.getSize()));
            } else {
                discard.add(file.getMediaKey());
            }
        }
        JsonArray json = PhotoRegions.toJson(regions);
        String before = photo.getRedaction();
        photo.redact(json.toString());
        new AuditLog(em).record(moderator, "photo.redacted", "photo", photoId,
                before == null ? null : Outbox.JSON.createObjectBuilder().add("regions", PhotoRegions.toJson(
                        PhotoRegions.parse(before))).build(),
                Outbox.JSON.createObjectBuilder().add("regions", json).add("reason", why).build(), now);
        Outbox.record(em, PhotoJob.REDACTED, photoId, Outbox.JSON.createObjectBuilder().add("photoId", photoId)
                .add("discard", discard).build(), now);
        ReportLocks.touched(em, photo.getReportId());
        em.flush();
        return photo;
    }

    /**
     * Deletes a photo; its files are removed from the media store by the photo job, unless
     * another photo has the same bytes.
     *
     * @param photoId  the photo
     * @param reportId the report it must belong to
     * @param actor    who uploaded it, or a moderator or administrator
     * @throws NotFoundException if there is no such photo on that report
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not delete it
     */
    public void delete(String photoId, String reportId, Actor actor) {
        Permissions.requireActor(actor);
        Photo photo = photoId == null ? null : em.find(Photo.class, photoId, LockModeType.PESSIMISTIC_WRITE);
        if (photo == null || !photo.getReportId().equals(reportId)) {
            throw new NotFoundException("photo", photoId);
        }
        Permissions.checkDeletePhoto(actor, photo.getUploaderId());
        Instant now = now();
        JsonArrayBuilder keys = Outbox.JSON.createArrayBuilder();
        for (PhotoFile file : em.createQuery("SELECT f FROM PhotoFile f WHERE f.photoId = :id", PhotoFile.class)
                .setParameter("id", photoId).getResultList()) {
            keys.add(file.getMediaKey());
            em.remove(file);
        }
        keys.add(uploadKey(photoId));
        em.remove(photo);
        new AuditLog(em).record(actor, "photo.deleted", "photo", photoId, Outbox.JSON.createObjectBuilder()
                .add("reportId", photo.getReportId()).add("uploaderId", photo.getUploaderId()).build(), null, now);
        Outbox.record(em, PhotoJob.FILES_UNUSED, photoId, Outbox.JSON.createObjectBuilder().add("photoId", photoId)
                .add("keys", keys).build(), now);
        ReportLocks.touched(em, photo.getReportId());
    }

    private Instant now() {
        return Clocks.now(clock);
    }
}
