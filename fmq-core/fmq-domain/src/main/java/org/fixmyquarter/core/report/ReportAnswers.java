package org.fixmyquarter.core.report;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.spi.category.CategoryAttribute;

/**
 * A report's answers to its category's extra questions ({@link CategoryAttribute}): checked
 * against the questions, kept with the report, and read back. Answers are public, like the report.
 */
public final class ReportAnswers {

    /** The longest answer to a {@code string} question. */
    public static final int STRING_MAX = 500;
    /** The longest answer to a {@code text} question, and to any other. */
    public static final int TEXT_MAX = 4000;
    /** The longest number, in characters. */
    private static final int NUMBER_MAX = 40;

    private ReportAnswers() {
    }

    /**
     * Checks answers against a category's questions. Answers to questions the category does not
     * ask are left out rather than refused, since apps send their own (FixMyStreet sends its
     * report id, for instance).
     *
     * @param questions the category's questions
     * @param answers   the values sent, by question code; a list question may have several
     * @return the answers kept, in the questions' order, each value stripped and a list's
     *         repeated keys once
     * @throws ValidationException naming {@code attribute[code]} for each required question not
     *                             answered and each answer that does not fit its question
     */
    public static Map<String, List<String>> check(List<CategoryAttribute> questions,
                                                  Map<String, List<String>> answers) {
        Objects.requireNonNull(answers, "answers");
        Map<String, List<String>> kept = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (CategoryAttribute question : questions) {
            String field = "attribute[" + question.code() + "]";
            List<String> values = new ArrayList<>();
            for (String value : answers.getOrDefault(question.code(), List.of())) {
                if (value != null && !value.isBlank()) {
                    values.add(value.strip());
                }
            }
            if (values.isEmpty()) {
                if (question.required()) {
                    errors.add(new FieldError(field, "is required: " + question.description()));
                }
                continue;
            }
            String problem = problem(question, values);
            if (problem != null) {
                errors.add(new FieldError(field, problem));
            } else {
                kept.put(question.code(), List.copyOf(new LinkedHashSet<>(values)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return Collections.unmodifiableMap(kept);
    }

    /** @return why the values do not answer the question, or {@code null} when they do */
    private static String problem(CategoryAttribute question, List<String> values) {
        CategoryAttribute.Datatype type = question.datatype();
        if (type != CategoryAttribute.Datatype.MULTIVALUELIST && values.size() > 1) {
            return "takes one value (got " + values.size() + ")";
        }
        if (type.isList()) {
            Set<String> keys = new LinkedHashSet<>();
            question.values().forEach(v -> keys.add(v.key()));
            for (String value : values) {
                if (!keys.contains(value)) {
                    return "must be one of " + String.join(", ", keys) + " (got '" + shorten(value) + "')";
                }
            }
            return null;
        }
        String value = values.get(0);
        switch (type) {
            case STRING:
                return value.length() > STRING_MAX ? "must be at most " + STRING_MAX + " characters (got "
                        + value.length() + ")" : null;
            case TEXT:
                return value.length() > TEXT_MAX ? "must be at most " + TEXT_MAX + " characters (got "
                        + value.length() + ")" : null;
            case NUMBER:
                try {
                    // BigDecimal: no NaN, no Infinity, no hexadecimal.
                    if (value.length() <= NUMBER_MAX) {
                        new BigDecimal(value);
                        return null;
                    }
                } catch (NumberFormatException e) {
                    // Refused below.
                }
                return "must be a decimal number (got '" + shorten(value) + "')";
            case DATETIME:
                try {
                    OffsetDateTime.parse(value);
                    return null;
                } catch (DateTimeParseException e) {
                    return "must be an ISO 8601 date-time with an offset, such as 2026-05-04T08:16:02+02:00 (got '"
                            + shorten(value) + "')";
                }
            default:
                throw new IllegalStateException("Unknown datatype " + type);
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    /**
     * Keeps checked answers with a report, in the caller's transaction.
     *
     * @param em       the entity manager of the current transaction
     * @param reportId the report, just created
     * @param answers  from {@link #check}
     */
    public static void record(EntityManager em, String reportId, Map<String, List<String>> answers) {
        answers.forEach((code, values) -> {
            for (int i = 0; i < values.size(); i++) {
                em.persist(new ReportAttribute(reportId, code, i, values.get(i)));
            }
        });
    }

    /**
     * @param em       the entity manager
     * @param reportId a report
     * @return its answers by question code, in code order; empty when it has none
     */
    public static Map<String, List<String>> of(EntityManager em, String reportId) {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        em.createQuery("SELECT a FROM ReportAttribute a WHERE a.reportId = :report ORDER BY a.code, a.seq",
                        ReportAttribute.class)
                .setParameter("report", reportId)
                .getResultList()
                .forEach(a -> answers.computeIfAbsent(a.getCode(), c -> new ArrayList<>()).add(a.getAnswer()));
        return answers;
    }
}
