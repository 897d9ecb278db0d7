package org.fixmyquarter.api.photo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.api.idempotency.IdempotencyTransactions;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.photo.Photo;
import org.fixmyquarter.core.photo.PhotoFile;
import org.fixmyquarter.core.photo.PhotoService;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.photo.PhotoView;
import org.fixmyquarter.core.photo.Upload;
import org.fixmyquarter.imaging.BlurRegion;

/**
 * The transaction boundary around the photo use cases: photos, their event and the idempotency
 * answer commit together or not at all.
 */
@ApplicationScoped
@Transactional
public class PhotoTransactions {

    /**
     * A photo to record, whose upload is in the media store.
     *
     * @param photoId its id, the one its upload is stored under
     * @param upload  what the upload was found to be
     */
    public record Stored(String photoId, Upload upload) {
    }

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private PhotoSettings settings;

    @Inject
    private IdempotencyTransactions idempotency;

    /** @see PhotoService#checkCanAdd */
    int checkCanAdd(String reportId, String commentId, Actor actor) {
        return service().checkCanAdd(reportId, commentId, actor);
    }

    /**
     * Records photos and, when an idempotency key was claimed, stores the answer with it.
     *
     * @param photos    the stored uploads
     * @param answer    writes the answer's body from the recorded photos
     * @param location  the answer's Location, or {@code null}
     * @param claimedId the claimed idempotency record, or {@code null}
     * @return the answer's body
     */
    String add(String reportId, String commentId, List<Stored> photos, Actor actor,
               Function<List<PhotoView>, String> answer, String location, String claimedId) {
        PhotoService service = service();
        List<PhotoView> views = new ArrayList<>();
        for (Stored photo : photos) {
            Photo added = service.add(photo.photoId(), reportId, commentId, photo.upload(), actor);
            views.add(new PhotoView(added, List.of()));
        }
        String body = answer.apply(views);
        if (claimedId != null) {
            idempotency.keys(em).complete(claimedId, 201, location, body);
        }
        return body;
    }

    /** @see PhotoService#get */
    PhotoView get(String photoId, String reportId, Actor viewer) {
        return service().get(photoId, reportId, viewer);
    }

    /**
     * @param staff whether the reader sees hidden content
     * @return the photos of one report, after checking the reader may see it
     */
    List<PhotoView> ofReport(String reportId, Actor viewer, boolean staff) {
        Moderation.visibleReport(em, reportId, staff);
        return service().ofReports(List.of(reportId), viewer).getOrDefault(reportId, List.of());
    }

    /** @see PhotoService#ofReports */
    public Map<String, List<PhotoView>> ofReports(Collection<String> reportIds, Actor viewer) {
        return service().ofReports(reportIds, viewer);
    }

    /** @see PhotoService#ofComments */
    public Map<String, List<PhotoView>> ofComments(Collection<String> commentIds, Actor viewer) {
        return service().ofComments(commentIds, viewer);
    }

    /** @see PhotoService#served */
    Optional<PhotoFile> served(String sha256, Actor viewer) {
        return service().served(sha256, viewer);
    }

    /** @see PhotoService#delete */
    void delete(String photoId, String reportId, Actor actor) {
        service().delete(photoId, reportId, actor);
    }

    /** @see PhotoService#redact */
    public PhotoView redact(String photoId, List<BlurRegion> regions, String reason, Actor moderator) {
        Photo photo = service().redact(photoId, regions, reason, moderator);
        return service().get(photo.getId(), photo.getReportId(), moderator);
    }

    /** @see Moderation#hidePhoto */
    public PhotoView hide(String photoId, boolean hide, String reason, Actor moderator) {
        Moderation moderation = new Moderation(em, clock);
        Photo photo = hide ? moderation.hidePhoto(photoId, reason, moderator)
                : moderation.unhidePhoto(photoId, reason, moderator);
        return service().get(photo.getId(), photo.getReportId(), moderator);
    }

    private PhotoService service() {
        return new PhotoService(em, settings, clock);
    }
}
