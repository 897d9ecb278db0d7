package org.fixmyquarter.api.follow;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.follow.AreaFollow;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.report.Report;

/**
 * The transaction boundary around following.
 */
@ApplicationScoped
@Transactional
public class FollowTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    /** @see FollowService#reportsFollowedBy */
    List<Report> reports(String userId) {
        return service().reportsFollowedBy(userId);
    }

    /** @see FollowService#areasOf */
    List<AreaFollow> areas(String userId) {
        return service().areasOf(userId);
    }

    /** @see FollowService#followArea */
    AreaFollow followArea(Actor follower, String name, Double lat, Double lon, Integer radius) {
        return service().followArea(follower, name, lat, lon, radius);
    }

    /** @see FollowService#followNamedArea */
    AreaFollow followNamedArea(Actor follower, String areaId, String name, java.util.Locale language) {
        return service().followNamedArea(follower, areaId, name, language);
    }

    /** @see FollowService#unfollowArea */
    void unfollowArea(Actor follower, String areaId) {
        service().unfollowArea(follower, areaId);
    }

    private FollowService service() {
        return new FollowService(em, clock);
    }
}
