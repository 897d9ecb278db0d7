package org.fixmyquarter.api.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The parameters as clients send them: empty means absent, the body wins over the query,
 * numbers are checked with the parameter named, and attributes are collected.
 */
class Open311ParametersTest {

    @Test
    void emptyIsAbsentAndTheBodyWins() {
        Open311Parameters params = Open311Parameters.parse(Open311Format.JSON, "lat=&status=open&api_key=q",
                "api_key=form&description=Deep+hole%21&email=%20");
        assertNull(params.get("lat"));
        assertNull(params.get("email"));
        assertEquals("open", params.get("status"));
        assertEquals("form", params.get("api_key"));
        assertEquals("Deep hole!", params.get("description"));
    }

    @Test
    void numbersAreCheckedAndNamed() {
        Open311Parameters params = Open311Parameters.parse(Open311Format.XML, "lat=91&long=abc&radius=NaN&page=0",
                null);
        Open311Exception range = assertThrows(Open311Exception.class, () -> params.decimal("lat", -90, 90));
        assertEquals(400, range.status());
        assertEquals(Open311Format.XML, range.format());
        assertTrue(range.descriptions().get(0).startsWith("lat must be between -90 and 90"), range.getMessage());
        assertThrows(Open311Exception.class, () -> params.decimal("long", -180, 180));
        assertThrows(Open311Exception.class, () -> params.decimal("radius", 1, 100000));
        assertThrows(Open311Exception.class, () -> params.integer("page", 1, 10, 1));
        assertEquals(7, params.integer("page_size", 1, 10, 7));
        assertEquals(4.5, Open311Parameters.parse(Open311Format.JSON, "long=4.5", null).decimal("long", -180, 180));
    }

    @Test
    void badEscapesAndLongValuesAreRefused() {
        assertEquals(400, assertThrows(Open311Exception.class,
                () -> Open311Parameters.parse(Open311Format.JSON, "a=%zz", null)).status());
        Open311Parameters params = Open311Parameters.parse(Open311Format.JSON, null, "first_name=" + "x".repeat(101));
        assertThrows(Open311Exception.class, () -> params.text("first_name", 100));
    }

    @Test
    void attributesAreCollectedByCode() {
        Open311Parameters params = Open311Parameters.parse(Open311Format.JSON, null,
                "attribute%5Bdepth%5D=deep&attribute[where]=kerb&attribute[]=x&attribute[empty]="
                        + "&attribute[kinds][]=glass&attribute[kinds][]=paper");
        assertEquals(Map.of("depth", List.of("deep"), "where", List.of("kerb"), "kinds", List.of("glass", "paper")),
                params.attributes());
    }
}
