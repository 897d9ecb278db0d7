package org.fixmyquarter.core.follow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.PersonLocks;
import org.fixmyquarter.core.internal.Positions;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.internal.ReportLocks;

/**
 * Following reports and areas. Every method runs in the caller's transaction.
 */
public class FollowService {

    /** Smallest radius of a followed area, in metres. */
    public static final int RADIUS_MIN = 50;
    /** Largest radius of a followed area, in metres: a quarter, not a country. */
    public static final int RADIUS_MAX = 20_000;
    /** How many areas one person may follow. */
    public static final int AREAS_MAX = 20;
    /** The most followed reports listed at once. */
    public static final int LIST_MAX = 500;
    /** Longest area name. */
    public static final int NAME_MAX = 100;

    private final EntityManager em;
    private final Clock clock;

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public FollowService(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts following a report; following it again changes nothing.
     *
     * @param reportId the report
     * @param follower a signed-in user with an account ({@link Permissions#checkFollow})
     * @throws org.fixmyquarter.core.error.ForbiddenException if the follower is anonymous or has no account
     * @throws NotFoundException if there is no such report
     */
    public void follow(String reportId, Actor follower) {
        Permissions.checkFollow(em, follower);
        // The report's lock orders this with a merge, which copies followers onto the original.
        ReportLocks.requireNotMerged(ReportLocks.locked(em, reportId));
        startFollowing(em, reportId, follower.id(), Clocks.now(clock));
    }

    /**
     * Stops following a report; a report one does not follow stays unfollowed.
     *
     * @param reportId the report
     * @param follower a signed-in user with an account ({@link Permissions#checkFollow})
     * @throws org.fixmyquarter.core.error.ForbiddenException if the follower is anonymous or has no account
     * @throws NotFoundException if there is no such report
     */
    public void unfollow(String reportId, Actor follower) {
        Permissions.checkFollow(em, follower);
        requireReport(reportId);
        ReportFollow follow = em.find(ReportFollow.class, new ReportFollow.Key(reportId, follower.id()));
        if (follow != null) {
            em.remove(follow);
        }
    }

    /**
     * Adds a follower without checks, for the core's own use cases (a reporter follows their
     * report). A concurrent insert of the same pair fails at commit on the primary key.
     *
     * @param em       the entity manager of the current transaction
     * @param reportId the report
     * @param userId   the follower
     * @param at       since when
     */
    public static void startFollowing(EntityManager em, String reportId, String userId, Instant at) {
        if (!Actor.ANONYMOUS.id().equals(userId)
                && em.find(ReportFollow.class, new ReportFollow.Key(reportId, userId)) == null) {
            em.persist(new ReportFollow(reportId, userId, at));
        }
    }

    /**
     * @param reportId a report
     * @param userId   a user
     * @return whether the user follows the report
     */
    public boolean isFollowing(String reportId, String userId) {
        return em.find(ReportFollow.class, new ReportFollow.Key(reportId, userId)) != null;
    }

    /**
     * @param reportId a report
     * @return the ids of its followers
     */
    public List<String> followers(String reportId) {
        return em.createQuery("SELECT f.userId FROM ReportFollow f WHERE f.reportId = :report ORDER BY f.createdAt",
                String.class).setParameter("report", reportId).getResultList();
    }

    /**
     * @param userId a user
     * @return the reports they follow, most recently followed first, at most {@link #LIST_MAX};
     *         reports a moderator hid are left out, as everywhere a citizen looks
     */
    public List<Report> reportsFollowedBy(String userId) {
        return em.createQuery("SELECT r FROM Report r, ReportFollow f WHERE f.reportId = r.id AND f.userId = :user"
                + " AND r.hiding.hiddenAt IS NULL ORDER BY f.createdAt DESC, r.id", Report.class).setParameter("user", userId)
                .setMaxResults(LIST_MAX).getResultList();
    }

    /**
     * Follows an area: a circle of {@code radiusMetres} around a position.
     *
     * @param follower     a signed-in user
     * @param name         what they call it ("Home")
     * @param latitude     the centre
     * @param longitude    the centre
     * @param radiusMetres from {@link #RADIUS_MIN} to {@link #RADIUS_MAX}
     * @return the area
     * @throws ValidationException naming every invalid field, or when the user follows
     *                             {@link #AREAS_MAX} areas already; the count holds under
     *                             concurrency: the follower's account row stays locked until the
     *                             transaction ends
     */
    public AreaFollow followArea(Actor follower, String name, Double latitude, Double longitude, Integer radiusMetres) {
        Permissions.checkFollow(em, follower);
        List<FieldError> errors = new ArrayList<>();
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > NAME_MAX) {
            errors.add(FieldError.translatable("name", "validation.length-range", "must be 1 to " + NAME_MAX
                    + " characters", 1, NAME_MAX));
        }
        Positions.check(errors, "lat", latitude, 90);
        Positions.check(errors, "lon", longitude, 180);
        Positions.checkRadius(errors, radiusMetres, RADIUS_MIN, RADIUS_MAX);
        // Parallel requests of one person are counted one after the other, or each would see
        // room for one more and together pass the limit.
        if (errors.isEmpty()) {
            PersonLocks.lock(em, follower.id());
        }
        if (errors.isEmpty() && areasOf(follower.id()).size() >= AREAS_MAX) {
            errors.add(FieldError.translatable("name", "validation.areas-max", "you follow " + AREAS_MAX
                    + " areas already, the most allowed; remove one first", AREAS_MAX));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        AreaFollow area = new AreaFollow(Ids.newId(), follower.id(), label, latitude, longitude, radiusMetres,
                Clocks.now(clock));
        em.persist(area);
        return area;
    }

    /**
     * Follows a named area: the follower hears of every new report routed to it (docs/areas.md).
     * Following an area one follows already changes nothing.
     *
     * @param follower the signed-in user
     * @param areaId   a live area's id
     * @param name     what to call it, or {@code null} for the area's own name in {@code language}
     * @param language the follower's language, for the area's name
     * @return the followed area
     * @throws ValidationException if the area is unknown or retired, the name too long, or the
     *                             follower follows {@link #AREAS_MAX} areas already
     */
    public AreaFollow followNamedArea(Actor follower, String areaId, String name, java.util.Locale language) {
        Permissions.checkFollow(em, follower);
        Area area = areaId == null || areaId.isBlank() ? null : em.find(Area.class, areaId);
        if (area == null || area.isRetired()) {
            throw new ValidationException(List.of(FieldError.translatable("area", "validation.area-unknown",
                    "is no area of this site: see /areas for their ids")));
        }
        boolean named = name != null && !name.isBlank();
        String label = named ? name.strip() : area.name(language, language);
        if (!named && label.length() > NAME_MAX) {
            // An area's own name may be longer than a follow's label: the start of it says enough.
            label = label.substring(0, NAME_MAX);
        }
        if (label.length() > NAME_MAX) {
            throw new ValidationException(List.of(FieldError.translatable("name", "validation.length-range",
                    "must be 1 to " + NAME_MAX + " characters", 1, NAME_MAX)));
        }
        PersonLocks.lock(em, follower.id());
        List<AreaFollow> mine = areasOf(follower.id());
        for (AreaFollow followed : mine) {
            if (area.getId().equals(followed.getAreaId())) {
                return followed;
            }
        }
        if (mine.size() >= AREAS_MAX) {
            throw new ValidationException(List.of(FieldError.translatable("area", "validation.areas-max",
                    "you follow " + AREAS_MAX + " areas already, the most allowed; remove one first", AREAS_MAX)));
        }
        AreaFollow followed = new AreaFollow(Ids.newId(), follower.id(), label, area.getId(), area.getMinLat(),
                area.getMaxLat(), area.getMinLon(), area.getMaxLon(), Clocks.now(clock));
        em.persist(followed);
        return followed;
    }

    /**
     * The followers of named areas that the given reports were routed to, read at once for a batch.
     *
     * @param reportIds new reports
     * @return report id to the named-area follows it falls in; reports in none are absent
     */
    public java.util.Map<String, List<AreaFollow>> namedAreasOf(java.util.Collection<String> reportIds) {
        java.util.Map<String, List<AreaFollow>> byReport = new java.util.HashMap<>();
        if (reportIds.isEmpty()) {
            return byReport;
        }
        List<Object[]> rows = em.createQuery("SELECT ra.reportId, a FROM ReportArea ra, AreaFollow a"
                        + " WHERE a.areaId = ra.areaId AND ra.reportId IN :reports", Object[].class)
                .setParameter("reports", List.copyOf(reportIds))
                .setHint("eclipselink.read-only", true)
                .getResultList();
        for (Object[] row : rows) {
            byReport.computeIfAbsent((String) row[0], r -> new ArrayList<>()).add((AreaFollow) row[1]);
        }
        return byReport;
    }

    /**
     * @param userId a user
     * @return the areas they follow, oldest first
     */
    public List<AreaFollow> areasOf(String userId) {
        return em.createQuery("SELECT a FROM AreaFollow a WHERE a.userId = :user ORDER BY a.createdAt, a.id",
                AreaFollow.class).setParameter("user", userId).getResultList();
    }

    /**
     * Stops following an area.
     *
     * @param follower the signed-in user
     * @param areaId   one of their areas
     * @throws NotFoundException if they follow no area with that id
     */
    public void unfollowArea(Actor follower, String areaId) {
        Permissions.checkFollow(em, follower);
        AreaFollow area = areaId == null ? null : em.find(AreaFollow.class, areaId);
        if (area == null || !area.getUserId().equals(follower.id())) {
            throw new NotFoundException("area", areaId);
        }
        em.remove(area);
    }

    /**
     * @param latitude  a position
     * @param longitude a position
     * @return the areas containing it, whoever follows them
     */
    public List<AreaFollow> areasContaining(double latitude, double longitude) {
        // The stored bounding boxes narrow the search on an index; the exact distance decides.
        return em.createQuery("SELECT a FROM AreaFollow a WHERE a.areaId IS NULL AND a.minLat <= :lat"
                        + " AND a.maxLat >= :lat AND a.minLon <= :lon AND a.maxLon >= :lon", AreaFollow.class)
                .setParameter("lat", latitude).setParameter("lon", longitude)
                .getResultStream().filter(a -> a.contains(latitude, longitude)).collect(Collectors.toList());
    }

    /**
     * The followed areas whose bounding box meets a box, read at once for a batch of new reports
     * (each then keeps those that contain it, {@link AreaFollow#contains}), and read-only: the
     * caller changes none.
     *
     * @param minLat the box's southern edge
     * @param maxLat its northern edge
     * @param minLon its western edge
     * @param maxLon its eastern edge
     * @param most   how many to read at most
     * @return up to {@code most} of them, in no particular order
     */
    public List<AreaFollow> areasMeeting(double minLat, double maxLat, double minLon, double maxLon, int most) {
        return em.createQuery("SELECT a FROM AreaFollow a WHERE a.areaId IS NULL AND a.minLat <= :maxLat"
                        + " AND a.maxLat >= :minLat AND a.minLon <= :maxLon AND a.maxLon >= :minLon", AreaFollow.class)
                .setParameter("minLat", minLat).setParameter("maxLat", maxLat)
                .setParameter("minLon", minLon).setParameter("maxLon", maxLon)
                .setHint("eclipselink.read-only", true)
                .setMaxResults(most)
                .getResultList();
    }

    private void requireReport(String reportId) {
        if (reportId == null || em.find(Report.class, reportId) == null) {
            throw new NotFoundException("report", reportId);
        }
    }
}
