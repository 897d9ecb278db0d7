package org.fixmyquarter.core;

import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.error.ForbiddenException;

/**
 * Who may do what: every role rule of the core, in one place. Each use case of the core calls
 * the rule it needs before it reads or writes anything, so a refused call stores nothing, and every
 * front end (the REST API, an Open311 server, an embedding program, a command line) gets the same
 * rules. New use cases (photos, Open311, areas) add their rule here.
 *
 * <p>The table, for the {@link Actor}'s roles (an {@linkplain Actor#ANONYMOUS anonymous visitor}
 * has none; a signed-in person has at least one):
 * <table>
 * <caption>Roles needed by each use case</caption>
 * <tr><th>use case</th><th>who</th></tr>
 * <tr><td>submit a report, read public data</td><td>anyone, anonymous included</td></tr>
 * <tr><td>comment, flag</td><td>anyone signed in</td></tr>
 * <tr><td>edit or delete a comment</td><td>its author, signed in</td></tr>
 * <tr><td>vote, follow a report or an area</td><td>anyone signed in whose account exists</td></tr>
 * <tr><td>change a report's status</td><td>moderator, operator, administrator; an operator of
 * the report's body</td></tr>
 * <tr><td>assign a report, post an official reply, move it to another body</td><td>operator,
 * administrator; an operator of the report's body</td></tr>
 * <tr><td>moderate: the flag queue, dismiss flags, hide, unhide, merge</td><td>moderator,
 * administrator</td></tr>
 * <tr><td>add a photo to a report</td><td>its author, signed in; moderator, operator,
 * administrator</td></tr>
 * <tr><td>add a photo to a comment</td><td>its author, signed in</td></tr>
 * <tr><td>delete a photo</td><td>who uploaded it; moderator, administrator</td></tr>
 * <tr><td>hide, show or redact a photo</td><td>moderator, administrator</td></tr>
 * <tr><td>see hidden content, unredacted photos</td><td>moderator, operator, administrator</td></tr>
 * <tr><td>see full-size originals</td><td>everyone or staff, as the deployment chooses</td></tr>
 * <tr><td>grant or remove roles, remove someone's second factor</td><td>administrator</td></tr>
 * <tr><td>manage webhooks, read and replay deliveries</td><td>administrator</td></tr>
 * <tr><td>manage areas and responsible bodies</td><td>administrator</td></tr>
 * </table>
 *
 * <p>An operator role granted for one responsible body ({@link Actor#bodies()}) acts on that
 * body's reports only: each rule about a report then takes the report's body; the rule without it
 * is checked first, before anything is read, and lets such an operator through to the second.
 *
 * <p>A refusal is a {@link ForbiddenException} (the API answers {@code 403}) whose message says
 * which roles the use case needs.
 */
public final class Permissions {

    private Permissions() {
    }

    /**
     * Submitting a report: anyone, an anonymous visitor included (the report then shows
     * "Anonymous"). Named so that the rule is written down; it refuses no one.
     *
     * @param actor who submits
     */
    public static void checkSubmitReport(Actor actor) {
        requireActor(actor);
    }

    /**
     * Moving a report through the workflow (to in progress, resolved, reopened, closed as
     * duplicate or rejected): moderators, operators and administrators, and the operators of a
     * body, whose report's body {@link #checkChangeStatus(Actor, String)} checks next.
     *
     * @param actor who changes the status
     * @throws ForbiddenException if the actor holds none of those roles and operates no body
     */
    public static void checkChangeStatus(Actor actor) {
        requireAnyOrBody(actor, "change a report's status", Role.MODERATOR, Role.OPERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Moving one report through the workflow: as {@link #checkChangeStatus(Actor)}, an operator of
     * a body only for that body's reports.
     *
     * @param actor  who changes the status
     * @param bodyId the report's body, or {@code null}
     * @throws ForbiddenException if the actor holds none of the roles and does not operate the body
     */
    public static void checkChangeStatus(Actor actor, String bodyId) {
        requireAnyOrOperates(actor, bodyId, "change a report's status", Role.MODERATOR, Role.OPERATOR,
                Role.ADMINISTRATOR);
    }

    /**
     * Assigning a report to a team or body, or taking the assignment back: operators and
     * administrators, and the operators of a body ({@link #checkAssign(Actor, String)} next).
     *
     * @param actor who assigns
     * @throws ForbiddenException if the actor holds neither role and operates no body
     */
    public static void checkAssign(Actor actor) {
        requireAnyOrBody(actor, "assign a report", Role.OPERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Assigning one report: as {@link #checkAssign(Actor)}, an operator of a body only for that
     * body's reports.
     *
     * @param actor  who assigns
     * @param bodyId the report's body, or {@code null}
     * @throws ForbiddenException if the actor holds neither role and does not operate the body
     */
    public static void checkAssign(Actor actor, String bodyId) {
        requireAnyOrOperates(actor, bodyId, "assign a report", Role.OPERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Handing a report over to another responsible body: operators and administrators, and the
     * operators of a body ({@link #checkMoveToBody(Actor, String)} next).
     *
     * @param actor who moves it
     * @throws ForbiddenException if the actor holds neither role and operates no body
     */
    public static void checkMoveToBody(Actor actor) {
        requireAnyOrBody(actor, "move a report to another body", Role.OPERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Handing one report over: as {@link #checkMoveToBody(Actor)}, an operator of a body only for
     * that body's reports (a report that is not theirs is not theirs to give away).
     *
     * @param actor  who moves it
     * @param bodyId the report's body now, or {@code null}
     * @throws ForbiddenException if the actor holds neither role and does not operate the body
     */
    public static void checkMoveToBody(Actor actor, String bodyId) {
        requireAnyOrOperates(actor, bodyId, "move a report to another body", Role.OPERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Commenting: anyone signed in; an official reply of the responsible body: operators and
     * administrators.
     *
     * @param actor    who comments
     * @param official whether the comment is an official reply
     * @throws ForbiddenException if the actor is not signed in, or posts an official reply without
     *                            being an operator or administrator
     */
    public static void checkComment(Actor actor, boolean official) {
        requireSignedIn(actor, "comment");
        if (official && !actor.hasAny(Role.OPERATOR, Role.ADMINISTRATOR) && actor.bodies().isEmpty()) {
            throw new ForbiddenException("Only operators and administrators post official replies.",
                    "problem.official-reply-staff-only.detail");
        }
    }

    /**
     * An official reply to one report: as {@link #checkComment(Actor, boolean)}, an operator of a
     * body only on that body's reports.
     *
     * @param actor    who comments
     * @param official whether the comment is an official reply
     * @param bodyId   the report's body, or {@code null}
     * @throws ForbiddenException if the actor may not post it on this report
     */
    public static void checkComment(Actor actor, boolean official, String bodyId) {
        checkComment(actor, official);
        if (official && !actor.hasAny(Role.OPERATOR, Role.ADMINISTRATOR) && !actor.operates(bodyId)) {
            throw notTheirBody();
        }
    }

    /**
     * Editing or deleting a comment: its author only, signed in; staff included (moderators hide
     * comments, they do not rewrite them).
     *
     * @param actor    who edits
     * @param authorId the comment's author
     * @throws ForbiddenException if the actor is not signed in or not the author
     */
    public static void checkChangeComment(Actor actor, String authorId) {
        requireSignedIn(actor, "change a comment");
        if (!actor.id().equals(authorId)) {
            throw new ForbiddenException("Only the author may change a comment.", "problem.not-your-comment.detail");
        }
    }

    /**
     * Voting for a report or taking the vote back: anyone signed in, whose account exists, so
     * that a vote always belongs to a person who can vote only once.
     *
     * @param em    the entity manager of the current transaction
     * @param actor who votes
     * @throws ForbiddenException if the actor is not signed in or has no account
     */
    public static void checkVote(EntityManager em, Actor actor) {
        requireAccount(em, actor, "vote");
    }

    /**
     * Following a report or an area, or no longer following it: anyone signed in whose account
     * exists, as notifications go to an account.
     *
     * @param em    the entity manager of the current transaction
     * @param actor who follows
     * @throws ForbiddenException if the actor is not signed in or has no account
     */
    public static void checkFollow(EntityManager em, Actor actor) {
        requireAccount(em, actor, "follow");
    }

    /**
     * Flagging a report or a comment for the moderators: anyone signed in.
     *
     * @param actor who flags
     * @throws ForbiddenException if the actor is not signed in
     */
    public static void checkFlag(Actor actor) {
        requireSignedIn(actor, "flag");
    }

    /**
     * Moderating: reading the queue of flagged content, dismissing flags, hiding and showing
     * again reports and comments, merging duplicates: moderators and administrators.
     *
     * @param actor who moderates
     * @throws ForbiddenException if the actor holds neither role
     */
    public static void checkModerate(Actor actor) {
        requireAny(actor, "moderate", Role.MODERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Granting a role to a user or taking one away: administrators.
     *
     * @param actor who changes the roles
     * @throws ForbiddenException if the actor is not an administrator
     */
    public static void checkManageRoles(Actor actor) {
        requireAny(actor, "grant or remove roles", Role.ADMINISTRATOR);
    }

    /**
     * Removing someone's second factor (a lost device whose recovery codes are lost too):
     * administrators. One's own factor is turned off with one's password and a code instead.
     *
     * @param actor who removes it
     * @throws ForbiddenException if the actor is not an administrator
     */
    public static void checkRemoveSecondFactor(Actor actor) {
        requireAny(actor, "remove someone's second factor", Role.ADMINISTRATOR);
    }

    /**
     * Managing integrations: registering, changing and removing webhooks, reading the deliveries
     * of every target and replaying dead ones. Administrators: a webhook sends every report to an
     * address of their choosing.
     *
     * @param actor who manages them
     * @throws ForbiddenException if the actor is not an administrator
     */
    public static void checkManageIntegrations(Actor actor) {
        requireAny(actor, "manage webhooks and deliveries", Role.ADMINISTRATOR);
    }

    /**
     * Managing responsible bodies: creating, changing and retiring them. Administrators: bodies
     * decide who receives every report. Reading them is public and needs no check.
     *
     * @param actor who manages them
     * @throws ForbiddenException if the actor is not an administrator
     */
    public static void checkManageBodies(Actor actor) {
        requireAny(actor, "manage responsible bodies", Role.ADMINISTRATOR);
    }

    /**
     * Managing areas: importing, changing and retiring them. Administrators: areas decide where
     * every report is routed. Reading areas is public and needs no check.
     *
     * @param actor who manages them
     * @throws ForbiddenException if the actor is not an administrator
     */
    public static void checkManageAreas(Actor actor) {
        requireAny(actor, "manage areas", Role.ADMINISTRATOR);
    }

    /**
     * Creating, listing and revoking the API keys of the Open311 endpoints: administrators, since
     * a key lets an app post reports in the deployment's name.
     *
     * @param actor who manages them
     * @throws ForbiddenException if the actor is not an administrator
     */
    public static void checkManageApiKeys(Actor actor) {
        requireAny(actor, "manage API keys", Role.ADMINISTRATOR);
    }

    /**
     * Whether a reader sees the private contact details an Open311 app sent with a report
     * (e-mail, names, phone): operators, who act on the report, and administrators. Moderators
     * and the public never do.
     *
     * @param actor who reads
     * @return whether the actor sees them
     */
    public static boolean seesReportContact(Actor actor) {
        requireActor(actor);
        return actor.hasAny(Role.OPERATOR, Role.ADMINISTRATOR);
    }

    /**
     * Adding a photo to a report: its author, signed in, and staff (an operator shows the repair,
     * a moderator replaces a useless photo); to a comment: its author only.
     *
     * @param actor    who adds the photo
     * @param ownerId  the author of the report or comment
     * @param ofReport whether the photo is the report's own rather than a comment's
     * @throws ForbiddenException if the actor is not signed in, or is neither the author nor, for a
     *                            report, staff
     */
    public static void checkAddPhoto(Actor actor, String ownerId, boolean ofReport) {
        requireSignedIn(actor, "add photos");
        if (actor.id().equals(ownerId) || ofReport && actor.isStaff()) {
            return;
        }
        throw new ForbiddenException(ofReport ? "Only the report's author and staff add photos to a report."
                : "Only the comment's author adds photos to a comment.",
                ofReport ? "problem.photo-not-your-report.detail" : "problem.photo-not-your-comment.detail");
    }

    /**
     * Deleting a photo: whoever uploaded it, and moderators and administrators.
     *
     * @param actor      who deletes
     * @param uploaderId who uploaded the photo
     * @throws ForbiddenException if the actor is neither
     */
    public static void checkDeletePhoto(Actor actor, String uploaderId) {
        requireSignedIn(actor, "delete a photo");
        if (!actor.id().equals(uploaderId) && !actor.hasAny(Role.MODERATOR, Role.ADMINISTRATOR)) {
            throw new ForbiddenException("Only who uploaded a photo, and moderators, delete it.",
                    "problem.photo-not-yours.detail");
        }
    }

    /**
     * @param actor a reader
     * @return whether they see what moderators hid: moderators, operators and administrators
     */
    public static boolean seesHidden(Actor actor) {
        return actor != null && actor.isStaff();
    }

    /**
     * @param actor who acts, as a use case received it
     * @throws IllegalArgumentException if it is {@code null}: a visitor is {@link Actor#anonymous()}
     */
    public static void requireActor(Actor actor) {
        if (actor == null) {
            throw new IllegalArgumentException("The actor is required: pass Actor.anonymous() for a visitor who "
                    + "has not signed in");
        }
    }

    private static void requireSignedIn(Actor actor, String action) {
        requireActor(actor);
        if (!actor.isSignedIn()) {
            throw new ForbiddenException("Sign in to " + action + ".", "problem.sign-in-required.detail");
        }
    }

    private static void requireAny(Actor actor, String action, Role... roles) {
        requireActor(actor);
        if (!actor.hasAny(roles)) {
            String names = Arrays.stream(roles).map(Role::wireName).collect(Collectors.joining(", "));
            throw new ForbiddenException("Only these roles may " + action + ": " + names + ".",
                    "problem.role-required.detail", names);
        }
    }

    /** The roles, or operating any body: the check of the report's body comes once it is read. */
    private static void requireAnyOrBody(Actor actor, String action, Role... roles) {
        requireActor(actor);
        if (actor.bodies().isEmpty() || !actor.isSignedIn()) {
            requireAny(actor, action, roles);
        }
    }

    private static void requireAnyOrOperates(Actor actor, String bodyId, String action, Role... roles) {
        requireAnyOrBody(actor, action, roles);
        if (!actor.hasAny(roles) && !actor.operates(bodyId)) {
            throw notTheirBody();
        }
    }

    private static ForbiddenException notTheirBody() {
        return new ForbiddenException("This report is not your body's: an operator of a body acts on its reports only.",
                "problem.not-your-body.detail");
    }

    private static void requireAccount(EntityManager em, Actor actor, String action) {
        requireSignedIn(actor, action);
        if (em.find(UserAccount.class, actor.id()) == null) {
            throw new ForbiddenException("Only a person with an account may " + action + "; '" + actor.id()
                    + "' has none.", "problem.account-required.detail", actor.id());
        }
    }
}
