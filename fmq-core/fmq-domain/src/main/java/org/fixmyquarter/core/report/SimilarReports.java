package org.fixmyquarter.core.report;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.GreatCircle;
import org.fixmyquarter.core.internal.Positions;

/**
 * "Is this already reported?": the open reports of a category near a position, ranked by distance
 * and by the words they share with what the citizen typed, so that the citizen can support an
 * existing report instead of filing a duplicate.
 */
final class SimilarReports {

    /** Candidates read per status before ranking; the nearest ones, so the ranking sees the likely ones. */
    private static final int CANDIDATES = 50;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final ReportSearch search;

    SimilarReports(ReportSearch search) {
        this.search = search;
    }

    List<SimilarReport> find(double latitude, double longitude, String category, String text, double radiusMetres,
                             int limit) {
        List<FieldError> errors = new ArrayList<>();
        Positions.check(errors, "lat", latitude, 90);
        Positions.check(errors, "lon", longitude, 180);
        if (category == null || category.isEmpty()) {
            errors.add(FieldError.translatable("category", "validation.required", "is required"));
        }
        Positions.checkRadius(errors, radiusMetres, ReportService.SIMILAR_RADIUS_MIN,
                ReportService.SIMILAR_RADIUS_MAX);
        if (limit < 1 || limit > ReportService.SIMILAR_LIMIT_MAX) {
            errors.add(FieldError.translatable("limit", "validation.range",
                    "must be between 1 and " + ReportService.SIMILAR_LIMIT_MAX, 1, ReportService.SIMILAR_LIMIT_MAX));
        }
        if (text != null && text.length() > ReportFilter.TEXT_MAX) {
            errors.add(FieldError.translatable("text", "validation.too-long", "must be at most "
                    + ReportFilter.TEXT_MAX + " characters", ReportFilter.TEXT_MAX));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Set<String> typed = words(text);
        List<SimilarReport> similar = new ArrayList<>();
        for (ReportStatus status : List.of(ReportStatus.OPEN, ReportStatus.IN_PROGRESS)) {
            ReportFilter nearest = new ReportFilter(status, category, null, CANDIDATES, ReportFilter.Sort.NEAREST)
                    .withNear(new ReportFilter.Near(latitude, longitude, radiusMetres));
            for (Report report : search.list(nearest).items()) {
                double metres = GreatCircle.metres(latitude, longitude, report.getLatitude(), report.getLongitude());
                double alike = typed.isEmpty() ? 0 : jaccard(typed, words(report.getTitle() + " "
                        + (report.getDescription() == null ? "" : report.getDescription())));
                double near = Math.max(0, 1 - metres / radiusMetres);
                double score = typed.isEmpty() ? near : 0.5 * near + 0.5 * alike;
                similar.add(new SimilarReport(report, metres, alike, score));
            }
        }
        return similar.stream()
                .sorted(Comparator.comparingDouble(SimilarReport::score).reversed()
                        .thenComparingDouble(SimilarReport::distanceMetres))
                .limit(limit).collect(Collectors.toList());
    }

    /** Words of three letters or more, in lower case and without accents, so "Éclairage" meets "eclairage". */
    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        if (text == null) {
            return words;
        }
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        for (String word : NOT_WORD.split(plain)) {
            if (word.length() >= 3) {
                words.add(word);
            }
        }
        return words;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / (a.size() + b.size() - both.size());
    }
}
