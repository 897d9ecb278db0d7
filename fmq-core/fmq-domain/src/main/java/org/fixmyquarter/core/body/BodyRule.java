package org.fixmyquarter.core.body;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One thing a body handles: a category in an area. A rule without a category covers every
 * category; one without an area covers the whole deployment. Replaced as a whole when the body's
 * rules change.
 */
@Entity
@Table(name = "fmq_body_rule")
public class BodyRule {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "body_id", nullable = false, length = 32)
    private String bodyId;

    @Column(name = "category_code", length = 64)
    private String category;

    @Column(name = "area_id", length = 32)
    private String areaId;

    /** For JPA. */
    protected BodyRule() {
    }

    BodyRule(String id, String bodyId, String category, String areaId) {
        this.id = id;
        this.bodyId = bodyId;
        this.category = category;
        this.areaId = areaId;
    }

    /** @return the rule's id */
    public String getId() {
        return id;
    }

    /** @return the body it belongs to */
    public String getBodyId() {
        return bodyId;
    }

    /** @return the category code it covers, or {@code null} for every category */
    public String getCategory() {
        return category;
    }

    /** @return the area it covers, or {@code null} for everywhere */
    public String getAreaId() {
        return areaId;
    }
}
