package org.fixmyquarter.api.open311;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.delivery.RetentionPurge;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.apikey.ApiKey;
import org.fixmyquarter.core.apikey.ApiKeys;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.photo.PhotoFetchJob;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportAnswers;
import org.fixmyquarter.core.report.ReportContacts;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportQuota;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;

/**
 * The transaction boundary around what the Open311 endpoints and the API key administration
 * do; every rule is the core's ({@link ReportService}, {@link ApiKeys}, {@link Moderation}).
 * Open311 reads as a visitor does: hidden reports are not there.
 */
@ApplicationScoped
@Transactional
public class Open311Transactions implements RetentionPurge {

    /** Contact details removed in one transaction, at most. */
    static final int PURGE_BATCH = 500;

    /**
     * What an app sends beside the report itself.
     *
     * @param answers  the checked answers to the category's questions ({@link ReportAnswers#check})
     * @param contact  the person's contact details, kept privately
     * @param mediaUrl the address of a photo to fetch, or {@code null}
     */
    public record Extras(Map<String, List<String>> answers, ReportContacts.Details contact, String mediaUrl) {
    }

    /** Newest first, as the core lists reports, so that lists of several statuses merge. */
    private static final Comparator<Report> NEWEST = Comparator.comparing(Report::getCreatedAt)
            .thenComparing(Report::getId).reversed();

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private CategoryCatalog categories;

    @Inject
    private Clock clock;

    @Inject
    private SchemaMigration schema;

    @Inject
    @ConfigProperty(name = "fmq.quota.reports-per-day", defaultValue = "50")
    private int reportsPerDay;

    @Inject
    @ConfigProperty(name = "fmq.open311.contact-retention", defaultValue = "P90D")
    private Duration contactRetention;

    private ReportService reports() {
        return new ReportService(em, categories, clock, schema.textSearch());
    }

    private ApiKeys keys() {
        return new ApiKeys(em, clock);
    }

    /** @see ApiKeys#create */
    public ApiKeys.WithKey createKey(String name, Actor by) {
        return keys().create(name, by);
    }

    /** @see ApiKeys#list */
    public List<ApiKey> listKeys(Actor by) {
        return keys().list(by);
    }

    /** @see ApiKeys#revoke */
    public void revokeKey(String id, Actor by) {
        keys().revoke(id, by);
    }

    /**
     * @param apiKey the key a request carries
     * @return whether it is a key of this server that is not revoked
     */
    public boolean isActive(String apiKey) {
        return keys().find(apiKey).isPresent();
    }

    /**
     * Creates a report sent by an app with its key, through the same use case as every report.
     *
     * @param content the report
     * @param apiKey  the key the app sent
     * @param author  who reports
     * @param extras  the answers, contact details and photo address sent with it, kept with it in
     *                the same transaction
     * @return the report, or nothing when the key is unknown or revoked (then nothing is written)
     */
    public Optional<Report> post(NewReport content, String apiKey, Actor author, Extras extras) {
        Optional<ApiKey> key = keys().find(apiKey);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        new ReportQuota(reportsPerDay).check(em, author, now);
        keys().used(key.get());
        Report report = reports().create(content, author, key.get().getId());
        ReportAnswers.record(em, report.getId(), extras.answers());
        ReportContacts.record(em, report.getId(), extras.contact(), now);
        if (extras.mediaUrl() != null) {
            PhotoFetchJob.request(em, report.getId(), extras.mediaUrl(), key.get().getId(), now);
        }
        return Optional.of(report);
    }

    @Override
    public String what() {
        return "Open311 contact details";
    }

    @Override
    public int batch() {
        return PURGE_BATCH;
    }

    /**
     * Removes a batch of contact details of reports closed for longer than
     * {@code fmq.open311.contact-retention}.
     *
     * @return how many were removed
     */
    @Override
    public int purge() {
        return ReportContacts.purge(em, clock.instant(), contactRetention, PURGE_BATCH);
    }

    /**
     * @param id a report id
     * @return the report, unless there is none or it is hidden
     */
    public Optional<Report> find(String id) {
        try {
            return Optional.of(Moderation.visibleReport(em, id, false));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The reports of any of several statuses, newest first: the core lists one status (or all) at
     * a time, so each status is listed and the lists merged.
     *
     * @param statuses the statuses wanted
     * @param filter   the other filters (category, period, circle); its status and cursor are ignored
     * @param count    how many reports at most
     * @return up to {@code count} reports, newest first
     */
    public List<Report> search(Set<ReportStatus> statuses, ReportFilter filter, int count) {
        List<ReportStatus> each = statuses.containsAll(EnumSet.allOf(ReportStatus.class))
                ? Collections.singletonList(null) : List.copyOf(statuses);
        List<Report> found = new ArrayList<>();
        for (ReportStatus status : each) {
            found.addAll(collect(new ReportFilter(status, filter.category(), null, ReportFilter.MAX_LIMIT,
                    ReportFilter.Sort.NEWEST, false, filter.created(), null, filter.near(), null, null), count));
        }
        found.sort(NEWEST);
        return found.size() > count ? List.copyOf(found.subList(0, count)) : found;
    }

    private List<Report> collect(ReportFilter filter, int count) {
        List<Report> found = new ArrayList<>();
        ReportFilter page = filter;
        while (found.size() < count) {
            ReportPage listed = reports().list(page);
            found.addAll(listed.items());
            if (listed.nextCursor() == null) {
                break;
            }
            page = page.withCursor(listed.nextCursor());
        }
        return found;
    }

    /** @see ReportService#lastStatusChanges */
    public Map<String, StatusChange> lastStatusChanges(Collection<String> ids) {
        return reports().lastStatusChanges(ids);
    }

    /** @see ReportService#changes */
    public List<StatusChange> changes(Instant from, Instant to, int limit) {
        return reports().changes(from, to, limit);
    }
}
