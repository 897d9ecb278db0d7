package org.fixmyquarter.core.body;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.spi.category.CategoryDefinition;

/**
 * Picks the body responsible for a new report, from its category and the areas it was routed to:
 * <ol>
 * <li>the rules of live bodies that cover the category (the category itself, one of the categories
 * it belongs under, or every category) in one of the report's areas or everywhere;</li>
 * <li>the rule of the <b>most specific area</b> wins: the deepest in the nesting (a district before
 * its city), then, between areas of the same depth (a report on the border of two districts), the
 * smaller one by bounding box, then the lower id; a rule for everywhere comes after every area;</li>
 * <li>at the same area, the most specific category wins (pothole before roads before every
 * category);</li>
 * <li>no rule: the deployment's default body; no default: no body.</li>
 * </ol>
 * Two live bodies never hold the same rule ({@link Bodies}), so the answer is one body.
 */
public final class BodyRouting {

    private BodyRouting() {
    }

    /**
     * @param em         the entity manager of the current transaction
     * @param categories the category tree, to climb from a category to the ones it belongs under
     * @param category   the report's category code
     * @param areaIds    the areas the report was routed to, in any order
     * @return the responsible body's id, or {@code null} when no rule covers the report and there is
     *         no default body
     */
    public static String bodyFor(EntityManager em, CategoryCatalog categories, String category,
                                 Collection<String> areaIds) {
        List<String> chain = categoryChain(categories, category);
        List<Area> areas = new ArrayList<>();
        for (String id : areaIds) {
            Area area = em.find(Area.class, id);
            if (area != null) {
                areas.add(area);
            }
        }
        Map<String, Integer> areaRank = areaRanks(em, areas);
        var query = em.createQuery("SELECT r FROM BodyRule r, Body b WHERE b.id = r.bodyId"
                        + " AND b.retiredAt IS NULL AND (r.category IS NULL OR r.category IN :chain)"
                        + " AND (r.areaId IS NULL" + (areaRank.isEmpty() ? "" : " OR r.areaId IN :areas") + ")",
                BodyRule.class).setParameter("chain", chain);
        if (!areaRank.isEmpty()) {
            query.setParameter("areas", List.copyOf(areaRank.keySet()));
        }
        Optional<BodyRule> best = query.getResultList().stream().min(Comparator
                .comparingInt((BodyRule r) -> r.getAreaId() == null ? Integer.MAX_VALUE : areaRank.get(r.getAreaId()))
                .thenComparingInt(r -> r.getCategory() == null ? Integer.MAX_VALUE : chain.indexOf(r.getCategory()))
                .thenComparing(BodyRule::getBodyId));
        if (best.isPresent()) {
            return best.get().getBodyId();
        }
        return defaultBody(em);
    }

    /**
     * @param em the entity manager of the current transaction
     * @return the live default body's id, or {@code null} if there is none
     */
    public static String defaultBody(EntityManager em) {
        return em.createQuery("SELECT b.id FROM Body b WHERE b.defaultBody = TRUE AND b.retiredAt IS NULL"
                + " ORDER BY b.id", String.class).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** The category and those it belongs under, most specific first. */
    private static List<String> categoryChain(CategoryCatalog categories, String category) {
        List<String> chain = new ArrayList<>();
        String code = category;
        // Bounded: a catalog whose parents loop must not hang report creation.
        while (code != null && !chain.contains(code) && chain.size() < 32) {
            chain.add(code);
            code = categories.find(code).map(CategoryDefinition::parent).orElse(null);
        }
        return chain;
    }

    /** Rank 0 is the most specific area: deepest first, then smallest, then by id. */
    private static Map<String, Integer> areaRanks(EntityManager em, List<Area> areas) {
        Map<String, Integer> depth = new HashMap<>();
        for (Area area : areas) {
            int d = 0;
            String parent = area.getParentId();
            while (parent != null && d < 64) {
                d++;
                Area up = em.find(Area.class, parent);
                parent = up == null ? null : up.getParentId();
            }
            depth.put(area.getId(), d);
        }
        List<Area> sorted = new ArrayList<>(areas);
        sorted.sort(Comparator.comparingInt((Area a) -> -depth.get(a.getId()))
                .thenComparingDouble(a -> (a.getMaxLat() - a.getMinLat()) * (a.getMaxLon() - a.getMinLon()))
                .thenComparing(Area::getId));
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            rank.put(sorted.get(i).getId(), i);
        }
        return rank;
    }
}
