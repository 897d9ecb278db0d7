package org.fixmyquarter.api.open311;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.fixmyquarter.api.http.JsonBody;

/**
 * Writes one GeoReport document in either format from the same description, so that the JSON and
 * the XML of an answer cannot drift apart. A document is made of maps (an object; in XML, one
 * child element per entry, in order), {@link Items} (an array; in XML, one element per item under
 * the enclosing element), strings, numbers, booleans and {@code null} (JSON {@code null}, an empty
 * XML element). XML is written with the JDK's StAX, since the server has no JAXB.
 */
public final class Open311Writer {

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    /**
     * A list, named in XML by the element each item gets.
     *
     * @param itemName the element of each item in XML, such as {@code request}
     * @param values   the items
     */
    public record Items(String itemName, List<?> values) {
    }

    private Open311Writer() {
    }

    /**
     * @param format the format
     * @param root   the XML root element, such as {@code service_requests}; not used in JSON
     * @param value  a map or {@link Items}
     * @return the document
     */
    public static String write(Open311Format format, String root, Object value) {
        return format == Open311Format.JSON ? json(value).toString() : xml(root, value);
    }

    /**
     * The specification's error document: a list of {@code code} + {@code description}.
     *
     * @param format       the format
     * @param status       the HTTP status, each error's code
     * @param descriptions one error each
     * @return the document
     */
    public static String errors(Open311Format format, int status, List<String> descriptions) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String description : descriptions) {
            // In the specification's order: code, then description.
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", status);
            error.put("description", description);
            errors.add(error);
        }
        return write(format, "errors", new Items("error", errors));
    }

    private static JsonValue json(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonBody.JSON.createObjectBuilder();
            map.forEach((key, member) -> object.add(String.valueOf(key), json(member)));
            return object.build();
        }
        if (value instanceof Items items) {
            JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
            items.values().forEach(item -> array.add(json(item)));
            return array.build();
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Double number) {
            return JsonBody.JSON.createValue(BigDecimal.valueOf(number));
        }
        if (value instanceof Integer number) {
            return JsonBody.JSON.createValue(number);
        }
        if (value instanceof Long number) {
            return JsonBody.JSON.createValue(number);
        }
        return JsonBody.JSON.createValue(String.valueOf(value));
    }

    private static String xml(String root, Object value) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            element(xml, root, value);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Writing an Open311 XML document failed", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, Object value) throws XMLStreamException {
        if (value == null) {
            xml.writeEmptyElement(name);
            return;
        }
        xml.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                element(xml, String.valueOf(entry.getKey()), entry.getValue());
            }
        } else if (value instanceof Items items) {
            for (Object item : items.values()) {
                element(xml, items.itemName(), item);
            }
        } else if (value instanceof Double number) {
            xml.writeCharacters(BigDecimal.valueOf(number).toPlainString());
        } else {
            xml.writeCharacters(xmlText(String.valueOf(value)));
        }
        xml.writeEndElement();
    }

    /** XML 1.0 cannot carry most control characters, even escaped: they are left out. */
    static String xmlText(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF).forEach(clean::appendCodePoint);
        return clean.toString();
    }
}
