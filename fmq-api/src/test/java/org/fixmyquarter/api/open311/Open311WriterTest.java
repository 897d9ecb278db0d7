package org.fixmyquarter.api.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One description, two formats: the JSON and the XML of a document carry the same members, in
 * the specification's shapes (a top-level array; a root element with one element per item),
 * checked by parsing both.
 */
class Open311WriterTest {

    private static Map<String, Object> request() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("service_request_id", "abc");
        request.put("status_notes", null);
        request.put("lat", 45.00001);
        request.put("text", "a < b & \"c\"\u0001");
        return request;
    }

    @Test
    void jsonIsAnArrayOfObjectsWithNullsAndPlainNumbers() {
        String json = Open311Writer.write(Open311Format.JSON, "service_requests",
                new Open311Writer.Items("request", List.of(request())));
        JsonArray array = Json.createReader(new StringReader(json)).readArray();
        JsonObject first = array.getJsonObject(0);
        assertEquals("abc", first.getString("service_request_id"));
        assertTrue(first.isNull("status_notes"));
        assertEquals(45.00001, first.getJsonNumber("lat").doubleValue());
        assertTrue(!json.contains("E-"), json);
    }

    @Test
    void xmlHasTheRootItemsAndEmptyElementsForNulls() throws Exception {
        String xml = Open311Writer.write(Open311Format.XML, "service_requests",
                new Open311Writer.Items("request", List.of(request(), request())));
        Document document = parse(xml);
        Element root = document.getDocumentElement();
        assertEquals("service_requests", root.getTagName());
        assertEquals(2, root.getElementsByTagName("request").getLength());
        Element first = (Element) root.getElementsByTagName("request").item(0);
        assertEquals("abc", first.getElementsByTagName("service_request_id").item(0).getTextContent());
        assertEquals("", first.getElementsByTagName("status_notes").item(0).getTextContent());
        assertEquals("45.00001", first.getElementsByTagName("lat").item(0).getTextContent());
        // Escaped, and the control character XML cannot carry is left out.
        assertEquals("a < b & \"c\"", first.getElementsByTagName("text").item(0).getTextContent());
    }

    @Test
    void nestedListsNameTheirItems() throws Exception {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("formats", new Open311Writer.Items("format", List.of("text/xml", "application/json")));
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("endpoints", new Open311Writer.Items("endpoint", List.of(endpoint)));
        Element root = parse(Open311Writer.write(Open311Format.XML, "discovery", discovery)).getDocumentElement();
        Element formats = (Element) ((Element) root.getElementsByTagName("endpoint").item(0))
                .getElementsByTagName("formats").item(0);
        assertEquals("application/json", formats.getElementsByTagName("format").item(1).getTextContent());
        JsonObject json = Json.createReader(new StringReader(Open311Writer.write(Open311Format.JSON, "discovery",
                discovery))).readObject();
        assertEquals("text/xml", json.getJsonArray("endpoints").getJsonObject(0).getJsonArray("formats").getString(0));
    }

    @Test
    void errorsAreAListOfCodeAndDescription() throws Exception {
        JsonArray json = Json.createReader(new StringReader(Open311Writer.errors(Open311Format.JSON, 400,
                List.of("lat must be a decimal number", "long is required")))).readArray();
        assertEquals(2, json.size());
        assertEquals(400, json.getJsonObject(0).getInt("code"));
        assertEquals("long is required", json.getJsonObject(1).getString("description"));
        Element root = parse(Open311Writer.errors(Open311Format.XML, 403, List.of("api_key is not valid")))
                .getDocumentElement();
        assertEquals("errors", root.getTagName());
        Element error = (Element) root.getElementsByTagName("error").item(0);
        assertEquals("403", error.getElementsByTagName("code").item(0).getTextContent());
        assertEquals("api_key is not valid", error.getElementsByTagName("description").item(0).getTextContent());
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
