package org.fixmyquarter.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class MentionsTest {

    @Test
    void findsHandlesInOrderLowerCasedOnce() {
        assertEquals(List.of("camille", "noe_2"),
                List.copyOf(Mentions.in("@Camille look, (@noe_2) and again @camille.")));
    }

    @Test
    void anAddressOrATooShortNameIsNoMention() {
        assertEquals(List.of(), List.copyOf(Mentions.in("write to camille@example.org or @ab, or @@x_y_z")));
    }

    @Test
    void oneCommentNotifiesAtMostTen() {
        String crowd = IntStream.range(0, 25).mapToObj(i -> "@user" + i).collect(Collectors.joining(" "));
        assertEquals(Mentions.MAX, Mentions.in(crowd).size());
    }
}
