package org.fixmyquarter.api.report;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.api.persistence.ReplicaReads;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportCluster;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.SimilarReport;

/**
 * The report reads that tolerate a few seconds of lag, served by the read replica when one is
 * configured and keeps up ({@link ReplicaReads}), else by the primary through
 * {@link ReportTransactions}: the public list and search in every format, the map's clusters,
 * "is this already reported?", and one report's page (a report the replica does not have yet is
 * looked up on the primary before answering 404).
 */
@ApplicationScoped
public class ReportReads {

    @Inject
    private ReplicaReads replica;

    @Inject
    private ReportTransactions transactions;

    @Inject
    private CategoryCatalog categories;

    @Inject
    private Clock clock;

    @Inject
    private SchemaMigration schema;

    private ReportService on(EntityManager em) {
        return new ReportService(em, categories, clock, schema.textSearch());
    }

    /** @see ReportService#list */
    public ReportPage list(ReportFilter filter) {
        return replica.read(em -> on(em).list(filter), () -> transactions.list(filter));
    }

    /** @see ReportService#clusters */
    public List<ReportCluster> clusters(ReportFilter filter, int zoom) {
        return replica.read(em -> on(em).clusters(filter, zoom), () -> transactions.clusters(filter, zoom));
    }

    /** @see ReportService#similar */
    public List<SimilarReport> similar(double latitude, double longitude, String category, String text,
                                       double radiusMetres, int limit) {
        return replica.read(em -> on(em).similar(latitude, longitude, category, text, radiusMetres, limit),
                () -> transactions.similar(latitude, longitude, category, text, radiusMetres, limit));
    }

    /** @see ReportTransactions#get */
    public Report get(String id, boolean staff) {
        return replica.read(em -> {
            try {
                return Moderation.visibleReport(em, id, staff);
            } catch (NotFoundException notYet) {
                // Perhaps only not yet: the primary says for sure.
                return null;
            }
        }, () -> transactions.get(id, staff));
    }
}
