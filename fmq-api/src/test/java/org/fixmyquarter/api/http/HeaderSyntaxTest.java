package org.fixmyquarter.api.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/json", "text/csv;q=0.5, application/geo+json", "*/*;q=0",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
            "application/json; charset=\"utf-8\"; q=1.000", "text/*", "a/b, , c/d", "", "application/json;q=0.123",
            "text/plain;format=flowed;q=0.2"})
    void wellFormedAcceptValues(String value) {
        assertTrue(HeaderSyntax.isMediaRangeList(value), value);
    }

    /** What browsers send for the web page's files: the document, a style, an image, a script, the manifest. */
    @ParameterizedTest
    @ValueSource(strings = {
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
                    + "application/signed-exchange;v=b3;q=0.7",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,image/svg+xml,*/*;q=0.8",
            "text/css,*/*;q=0.1", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
            "image/avif,image/webp,*/*", "*/*", "application/manifest+json"})
    void browsersAcceptValuesForStaticFilesPass(String value) {
        assertTrue(HeaderSyntax.isMediaRangeList(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*;q=abc", ";;;", "text/csv;q=2", "*/*;q=0.1234", "*/*;q=-1", "json",
            "application/json;q=", "a/b;c", "a/b;=x", "application/json;q=1.5", "text/plain;x=\"unterminated"})
    void malformedAcceptValues(String value) {
        assertFalse(HeaderSyntax.isMediaRangeList(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "text/plain", "multipart/form-data; boundary=\"a b\""})
    void wellFormedContentTypes(String value) {
        assertTrue(HeaderSyntax.isMediaType(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", ";;;", "", "application/", "/json", "application/json;charset", "a/b c",
            "application/json, text/plain"})
    void malformedContentTypes(String value) {
        assertFalse(HeaderSyntax.isMediaType(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "fr-CA, en;q=0.8", "de;q=0.5, fr;q=0.9, *;q=0.1", "zh-Hant-TW", "*", "es;q=0, de",
            "en-US,en;q=0.9"})
    void wellFormedAcceptLanguageValues(String value) {
        assertTrue(HeaderSyntax.isLanguageRangeList(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr;q=abc", ";;;===", "fr;q=2", "français", "en_US", "fr;x=1", "toolonglanguage"})
    void malformedAcceptLanguageValues(String value) {
        assertFalse(HeaderSyntax.isLanguageRangeList(value), value);
    }
}
