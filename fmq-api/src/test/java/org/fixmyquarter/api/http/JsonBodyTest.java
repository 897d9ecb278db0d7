package org.fixmyquarter.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.error.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    private static JsonBody parse(String text) {
        return JsonBody.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The bytes of {@code {"title":"a<bad>b"}} with {@code bad} in the middle of the string. */
    private static byte[] titleWith(int... bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"title\":\"a".getBytes(StandardCharsets.US_ASCII));
        for (int b : bad) {
            out.write(b);
        }
        out.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void oneObjectIsRead() {
        JsonBody body = parse(" {\"title\":\"Nid-de-poule é ✓ 😀\",\"location\":{\"lat\":1.5}}\n\t ");
        assertEquals("Nid-de-poule é ✓ 😀", body.string("title"));
        assertEquals(1.5, body.number("location.lat"));
        body.check();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"title\":\"x\"}xyz", "{\"title\":\"x\"} {}", "{\"title\":\"x\"}}", "{} []", "{}\"x\"",
            "{}null", "{} 1"})
    void anythingAfterTheValueIsRefused(String text) {
        ProblemException e = assertThrows(ProblemException.class, () -> parse(text));
        assertEquals(400, e.status());
        assertEquals("malformed-json", e.type());
    }

    @Test
    void aNulCharacterInAStringIsRefusedNamingTheField() {
        JsonBody body = parse("{\"title\":\"a\\u0000b\",\"location\":{\"address\":\"\\u0000\"}}");
        assertEquals(null, body.string("title"));
        assertEquals(null, body.string("location.address"));
        ValidationException e = assertThrows(ValidationException.class, body::check);
        assertEquals(java.util.List.of("title", "location.address"),
                e.errors().stream().map(org.fixmyquarter.core.error.FieldError::field).toList());
    }

    @Test
    void trailingContentIsLocated() {
        ProblemException e = assertThrows(ProblemException.class, () -> parse("{\"a\":1}\nxyz"));
        assertEquals("problem.malformed-json.trailing", e.detailKey());
        assertEquals(2, ((Number) e.detailArgs().get(0)).intValue(), e.getMessage());
    }

    @Test
    void aDuplicateKeyIsRefusedNamingIt() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> parse("{\"title\":\"a\",\"location\":{\"lat\":1,\"lat\":2}}"));
        assertEquals("location.lat", e.errors().get(0).field());

        ValidationException top = assertThrows(ValidationException.class, () -> parse("{\"title\":\"a\",\"title\":\"b\"}"));
        assertEquals("title", top.errors().get(0).field());
    }

    @Test
    void aDocumentMayBeLargerWhenTheOperationSaysSo() {
        // An import of areas: past the 64 KiB of forms, within the limit the operation gives.
        StringBuilder ring = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            ring.append(i == 0 ? "" : ",").append("[4.8").append(i).append(",45.7]");
        }
        byte[] bytes = ("{\"type\":\"FeatureCollection\",\"features\":[[" + ring + "]]}")
                .getBytes(StandardCharsets.UTF_8);
        ProblemException tooLarge = assertThrows(ProblemException.class,
                () -> JsonBody.parse(new ByteArrayInputStream(bytes)));
        assertEquals(413, tooLarge.status());
        JsonBody body = JsonBody.parse(new ByteArrayInputStream(bytes), bytes.length);
        assertEquals("FeatureCollection", body.object().getString("type"));
        assertEquals(5_000, body.array("features").getJsonArray(0).size());
        assertEquals(413, assertThrows(ProblemException.class,
                () -> JsonBody.parse(new ByteArrayInputStream(bytes), bytes.length - 1)).status());
    }

    @Test
    void aMemberIsGivenAsSentNullIncluded() {
        JsonBody body = parse("{\"name\":{\"en\":\"Old Town\"},\"timeZone\":null}");
        assertEquals("Old Town", body.value("name").asJsonObject().getString("en"));
        assertEquals(jakarta.json.JsonValue.NULL, body.value("timeZone"));
        assertEquals(null, body.value("geometry"));
    }

    @Test
    void theSameKeyInTwoObjectsIsFine() {
        parse("{\"a\":{\"x\":1},\"b\":{\"x\":2},\"c\":[{\"x\":1},{\"x\":2}]}").check();
    }

    @Test
    void overlongEncodingIsRefused() {
        // C0 AF: '/' in two bytes, the classic path-traversal disguise.
        assertNotUtf8(titleWith(0xC0, 0xAF), 11);
    }

    @Test
    void surrogateEncodedAsBytesIsRefused() {
        assertNotUtf8(titleWith(0xED, 0xA0, 0x80), 11);
    }

    @Test
    void truncatedSequenceIsRefused() {
        // The first two bytes of a three-byte character, then an ASCII letter.
        assertNotUtf8(titleWith(0xE2, 0x9C), 11);
        // A lead byte at the very end of the body.
        byte[] end = "{\"title\":\"a\"}\u0000".getBytes(StandardCharsets.US_ASCII);
        end[end.length - 1] = (byte) 0xF0;
        assertNotUtf8(end, end.length - 1);
    }

    @Test
    void latin1IsRefused() {
        assertNotUtf8("{\"title\":\"café\"}".getBytes(StandardCharsets.ISO_8859_1), 13);
    }

    @Test
    void anEscapedLoneSurrogateIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> parse("{\"title\":\"a\\ud800b\"}"));
        assertEquals("title", e.errors().get(0).field());
        // A pair written as escapes is one character, and fine.
        assertEquals("😀", parse("{\"title\":\"\\ud83d\\ude00\"}").string("title"));
    }

    @Test
    void nestingIsLimited() {
        String deep = "[".repeat(StrictReader.MAX_DEPTH + 1) + "]".repeat(StrictReader.MAX_DEPTH + 1);
        ProblemException e = assertThrows(ProblemException.class, () -> parse("{\"a\":" + deep + "}"));
        assertEquals("problem.malformed-json.too-deep", e.detailKey());
        ProblemException huge = assertThrows(ProblemException.class, () -> parse("[".repeat(60_000)));
        assertEquals(400, huge.status());
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        assertEquals("x", JsonBody.parse(new ByteArrayInputStream(("\uFEFF{\"title\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8))).string("title"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyBodyIsRefused(String text) {
        assertEquals("problem.malformed-json.empty", assertThrows(ProblemException.class, () -> parse(text)).detailKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "\"x\"", "42", "null", "true"})
    void aValueOtherThanAnObjectIsRefused(String text) {
        assertEquals("problem.malformed-json.not-object",
                assertThrows(ProblemException.class, () -> parse(text)).detailKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":NaN}"})
    void malformedJsonIsRefused(String text) {
        assertEquals("malformed-json", assertThrows(ProblemException.class, () -> parse(text)).type());
    }

    @Test
    void presenceIsToldApartFromNull() {
        JsonBody body = parse("{\"team\":null}");
        assertEquals(true, body.has("team"));
        assertEquals(null, body.string("team"));
        assertEquals(false, parse("{}").has("team"));
    }

    private static void assertNotUtf8(byte[] bytes, int offset) {
        ProblemException e = assertThrows(ProblemException.class, () -> JsonBody.parse(new ByteArrayInputStream(bytes)));
        assertEquals(400, e.status());
        assertEquals("problem.malformed-json.not-utf8", e.detailKey());
        assertEquals(offset, ((Number) e.detailArgs().get(0)).intValue(), e.getMessage());
    }
}
