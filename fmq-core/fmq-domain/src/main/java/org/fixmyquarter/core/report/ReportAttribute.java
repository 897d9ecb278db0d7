package org.fixmyquarter.core.report;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One value of a report's answer to one of its category's extra questions; a list answer has a
 * row per value, numbered in the order sent. Written once, with the report, by
 * {@link ReportAnswers}.
 */
@Entity
@Table(name = "fmq_report_attribute")
@IdClass(ReportAttribute.Key.class)
public class ReportAttribute {

    @Id
    @Column(name = "report_id", length = 32)
    private String reportId;

    @Id
    @Column(name = "code", length = 64)
    private String code;

    @Id
    @Column(name = "seq")
    private int seq;

    @Column(name = "answer", nullable = false, length = 4000)
    private String answer;

    /** For JPA only. */
    protected ReportAttribute() {
    }

    ReportAttribute(String reportId, String code, int seq, String answer) {
        this.reportId = reportId;
        this.code = code;
        this.seq = seq;
        this.answer = answer;
    }

    /** @return the question's code */
    public String getCode() {
        return code;
    }

    /** @return the value's place in a list answer, from 0 */
    public int getSeq() {
        return seq;
    }

    /** @return the value */
    public String getAnswer() {
        return answer;
    }

    /** The primary key: a report's question's values are numbered. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String reportId;
        private String code;
        private int seq;

        /** For JPA only. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(reportId, k.reportId) && Objects.equals(code, k.code)
                    && seq == k.seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(reportId, code, seq);
        }
    }
}
