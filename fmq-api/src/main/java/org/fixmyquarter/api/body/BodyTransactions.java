package org.fixmyquarter.api.body;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.body.Bodies;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.body.BodyRule;
import org.fixmyquarter.core.body.ServiceLevels;
import org.fixmyquarter.core.category.CategoryCatalog;

/**
 * The transaction boundary around the body use cases; the core checks who may.
 */
@ApplicationScoped
@Transactional
public class BodyTransactions {

    /**
     * A body with its rules, read in one transaction.
     *
     * @param body  the body
     * @param rules its rules
     */
    public record WithRules(Body body, List<BodyRule> rules) {
    }

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private CategoryCatalog categories;

    @Inject
    private Clock clock;

    private Bodies bodies() {
        return new Bodies(em, categories, clock);
    }

    /** @see Bodies#create */
    public WithRules create(JsonObject body, Locale defaultLanguage, Actor by) {
        return withRules(bodies().create(body, defaultLanguage, by));
    }

    /** @see Bodies#change */
    public WithRules change(String id, JsonObject change, Locale defaultLanguage, Actor by) {
        return withRules(bodies().change(id, change, defaultLanguage, by));
    }

    /** @see Bodies#retire */
    public Body retire(String id, Actor by) {
        return bodies().retire(id, by);
    }

    /**
     * @param retiredToo whether retired bodies are listed too (after the live ones)
     * @return the bodies with their rules, in the order they were created
     */
    public List<WithRules> list(boolean retiredToo) {
        List<Body> all = new java.util.ArrayList<>(bodies().list());
        if (retiredToo) {
            all.addAll(em.createQuery("SELECT b FROM Body b WHERE b.retiredAt IS NOT NULL ORDER BY b.createdAt, b.id",
                    Body.class).getResultList());
        }
        return all.stream().map(this::withRules).toList();
    }

    /** @see Bodies#get */
    public WithRules get(String id) {
        return withRules(bodies().get(id));
    }

    /**
     * @param ids body ids, some perhaps {@code null}
     * @return the bodies among them that exist, by id: what reports name
     */
    public Map<String, Body> byIds(Collection<String> ids) {
        Map<String, Body> found = new HashMap<>();
        for (String id : ids) {
            if (id != null && !found.containsKey(id)) {
                Body body = em.find(Body.class, id);
                if (body != null) {
                    found.put(id, body);
                }
            }
        }
        return found;
    }

    /**
     * @param id a body, live or retired
     * @return its service levels up to the end of the current minute: every step made so far is
     *         in, and the answer stays the same for the rest of the minute unless a report
     *         changes, so a cache may keep it
     * @see ServiceLevels#of
     */
    public ServiceLevels.Summary serviceLevels(String id) {
        return new ServiceLevels(em).of(id, clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
    }

    private WithRules withRules(Body body) {
        return new WithRules(body, bodies().rules(body.getId()));
    }
}
