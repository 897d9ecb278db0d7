package org.fixmyquarter.api.report;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.body.BodyJson;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.idempotency.IdempotencyTransactions;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.api.photo.PhotoTransactions;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.photo.PhotoService;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.photo.PhotoView;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportAnswers;
import org.fixmyquarter.core.report.ReportCluster;
import org.fixmyquarter.core.report.ReportContact;
import org.fixmyquarter.core.report.ReportContacts;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportQuota;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.SimilarReport;
import org.fixmyquarter.core.report.ReportVotes;
import org.fixmyquarter.core.report.StatusChange;

/**
 * The transaction boundary around the report use cases: each public method is one JTA
 * transaction, so a report, its history row, its outbox event and its idempotency response commit
 * together or not at all.
 */
@ApplicationScoped
@Transactional
public class ReportTransactions {

    /**
     * What a created report looks like on the wire.
     *
     * @param location its URI
     * @param body     its JSON
     */
    public record Created(URI location, String body) {
    }

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private CategoryCatalog categories;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.quota.reports-per-day", defaultValue = "50")
    private int reportsPerDay;

    @Inject
    private IdempotencyTransactions idempotency;

    @Inject
    private PhotoSettings photoSettings;

    @Inject
    private SchemaMigration schema;

    @Inject
    private Texts texts;

    private ReportService reports() {
        return new ReportService(em, categories, clock, schema.textSearch());
    }


    /**
     * Creates a report and, when an idempotency key was claimed, stores the response with it.
     *
     * @param content   the validated-on-write content
     * @param author    who reports
     * @param baseUri   the URI of the reports collection, to build the Location from
     * @param claimedId the id of the claimed idempotency record, or {@code null}
     * @return the Location and body to send
     */
    public Created create(NewReport content, Actor author, URI baseUri, String claimedId) {
        return create(content, author, baseUri, claimedId, List.of(), views -> JsonValue.EMPTY_JSON_ARRAY);
    }

    /**
     * Creates a report with the photos sent with it, in one transaction: the report, its photos
     * and their events commit together, or nothing does.
     *
     * @param content   the validated-on-write content
     * @param author    who reports; photos need a signed-in author
     * @param baseUri   the URI of the reports collection, to build the Location from
     * @param claimedId the id of the claimed idempotency record, or {@code null}
     * @param photos    the uploads, in the media store already
     * @param photoJson writes the report's {@code photos} from the recorded photos
     * @return the Location and body to send
     */
    public Created create(NewReport content, Actor author, URI baseUri, String claimedId,
                          List<PhotoTransactions.Stored> photos, Function<List<PhotoView>, JsonArray> photoJson) {
        new ReportQuota(reportsPerDay).check(em, author, clock.instant());
        Report report = reports().create(content, author);
        List<PhotoView> views = new ArrayList<>();
        if (!photos.isEmpty()) {
            // The photos refer to the report: write it first.
            em.flush();
            PhotoService service = new PhotoService(em, photoSettings, clock);
            for (PhotoTransactions.Stored photo : photos) {
                views.add(new PhotoView(service.add(photo.photoId(), report.getId(), null, photo.upload(), author),
                        List.of()));
            }
        }
        URI location = UriBuilder.fromUri(baseUri).path(report.getId()).build();
        // Named in the deployment's language: the answer is kept for a retried request, whoever sends it.
        Locale language = texts.messages().defaultLocale();
        String body = ReportJson.write(report, photoJson.apply(views), null, BodyJson.ofReport(
                report.getBodyId() == null ? null : em.find(Body.class, report.getBodyId()), language, language))
                .toString();
        if (claimedId != null) {
            idempotency.keys(em).complete(claimedId, 201, location.toString(), body);
        }
        return new Created(location, body);
    }

    /**
     * @param id    the report
     * @param voter the signed-in user
     * @param add   {@code true} to vote, {@code false} to take the vote back
     * @param staff whether the voter sees hidden reports
     * @return the state after
     */
    public ReportVotes.Result vote(String id, Actor voter, boolean add, boolean staff) {
        Moderation.visibleReport(em, id, staff);
        ReportVotes votes = new ReportVotes(em, clock);
        return add ? votes.vote(id, voter) : votes.unvote(id, voter);
    }

    /**
     * @param id    the report
     * @param voter the signed-in user
     * @param staff whether the voter sees hidden reports
     * @return whether the voter supports the report, and its count
     */
    public ReportVotes.Result voteState(String id, Actor voter, boolean staff) {
        Moderation.visibleReport(em, id, staff);
        return new ReportVotes(em, clock).state(id, voter);
    }

    /**
     * @param id    a report id
     * @param staff whether the reader sees hidden reports
     * @return the report
     * @see Moderation#visibleReport
     */
    public Report get(String id, boolean staff) {
        return Moderation.visibleReport(em, id, staff);
    }

    /**
     * What a report read alone shows beside its own members.
     *
     * @param answers its answers to its category's questions, by code; empty when none
     * @param contact its private contact details, when it has some and the reader may see them
     */
    public record Extras(Map<String, List<String>> answers, Optional<ReportContact> contact) {
    }

    /**
     * @param id     a report the reader may see
     * @param reader who reads
     * @return its answers and, for operators and administrators, its contact details
     * @see ReportAnswers#of
     * @see ReportContacts#of
     */
    public Extras extras(String id, Actor reader) {
        return new Extras(ReportAnswers.of(em, id), ReportContacts.of(em, id, reader));
    }

    /** @see ReportService#similar */
    public List<SimilarReport> similar(double latitude, double longitude, String category, String text,
                                       double radiusMetres, int limit) {
        return reports().similar(latitude, longitude, category, text, radiusMetres, limit);
    }

    /** @see ReportService#list */
    public ReportPage list(ReportFilter filter) {
        return reports().list(filter);
    }

    /** @see ReportService#clusters */
    public List<ReportCluster> clusters(ReportFilter filter, int zoom) {
        return reports().clusters(filter, zoom);
    }

    /** @see ReportService#changeStatus */
    public Report changeStatus(String id, ReportStatus target, String reason, Actor actor) {
        return reports().changeStatus(id, target, reason, actor);
    }

    /**
     * @param staff whether the reader sees hidden reports
     * @see ReportService#history
     */
    public List<StatusChange> history(String id, boolean staff) {
        Moderation.visibleReport(em, id, staff);
        return reports().history(id);
    }

    /** @see ReportService#assign */
    public Report assign(String id, String team, String reason, Actor actor) {
        return reports().assign(id, team, reason, actor);
    }

    /** @see ReportService#moveToBody */
    public Report moveToBody(String id, String body, String reason, Actor actor) {
        return reports().moveToBody(id, body, reason, actor);
    }

    /**
     * @param id       the report
     * @param follower the signed-in user
     * @param follow   {@code true} to follow, {@code false} to stop
     * @param staff    whether the follower sees hidden reports
     */
    public void follow(String id, Actor follower, boolean follow, boolean staff) {
        Moderation.visibleReport(em, id, staff);
        FollowService follows = new FollowService(em, clock);
        if (follow) {
            follows.follow(id, follower);
        } else {
            follows.unfollow(id, follower);
        }
    }
}
