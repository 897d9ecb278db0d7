package org.fixmyquarter.spi.tck;

import static org.fixmyquarter.spi.tck.KitAssertions.assertFailsExactly;
import static org.fixmyquarter.spi.tck.KitAssertions.assertPasses;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;
import org.junit.jupiter.api.Test;

/**
 * Sample language packs, correct ones and ones breaking one rule each of
 * {@link LanguagePackContract}; the French ones are checked against a small English reference.
 */
class LanguagePackContractTest {

    private static final Map<String, String> ENGLISH = Map.of(
            "greeting", "Hello {0}!",
            "address.unknown", "The address ''{0}'' is unknown.",
            "fields.invalid", "{0} fields are invalid (of {1,number,integer}).",
            "water", "Water");

    private static final Map<String, String> FRENCH = Map.of(
            "greeting", "Bonjour {0} !",
            "address.unknown", "L''adresse \u00ab {0} \u00bb est inconnue.",
            "fields.invalid", "{0} champs sont invalides (sur {1,number,integer}).",
            "water", "L''eau");

    /** A correct English pack, the reference. */
    public static class English implements LanguagePack {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-language-" + locale().getLanguage(), "1.0.0", SpiVersion.VERSION);
        }

        @Override
        public Locale locale() {
            return Locale.ENGLISH;
        }

        @Override
        public Map<String, String> messages() {
            return ENGLISH;
        }
    }

    /** A correct French translation. */
    public static class French extends English {
        @Override
        public Locale locale() {
            return Locale.FRENCH;
        }

        @Override
        public Map<String, String> messages() {
            return FRENCH;
        }
    }

    /** A correct Arabic translation of one message. */
    public static class Arabic extends English {
        @Override
        public Locale locale() {
            return Locale.forLanguageTag("ar");
        }

        @Override
        public Map<String, String> messages() {
            return Map.of("greeting", "\u0645\u0631\u062d\u0628\u0627 {0}!");
        }

        @Override
        public boolean rightToLeft() {
            return true;
        }
    }

    /** Arabic, but forgets its direction. */
    public static class ArabicLeftToRight extends Arabic {
        @Override
        public boolean rightToLeft() {
            return false;
        }
    }

    /** A single apostrophe quotes the placeholder away. */
    public static class QuotedPlaceholder extends French {
        @Override
        public Map<String, String> messages() {
            return with("address.unknown", "L'adresse {0} est inconnue.");
        }
    }

    /** A single apostrophe in a message without placeholders: it silently disappears. */
    public static class LoneApostrophe extends French {
        @Override
        public Map<String, String> messages() {
            return with("water", "L'eau");
        }
    }

    /** Uses argument 2 where the reference uses 1. */
    public static class WrongPlaceholder extends French {
        @Override
        public Map<String, String> messages() {
            return with("fields.invalid", "{0} champs sont invalides (sur {2,number,integer}).");
        }
    }

    /** Misspells a key. */
    public static class Typo extends French {
        @Override
        public Map<String, String> messages() {
            return with("greting", "Bonjour {0} !");
        }
    }

    /** Leaves a brace open. */
    public static class InvalidPattern extends French {
        @Override
        public Map<String, String> messages() {
            return with("greeting", "Bonjour {0 !");
        }
    }

    /** Hands out its own map. */
    public static class Mutable extends French {
        private final Map<String, String> messages = new HashMap<>(FRENCH);

        @Override
        public Map<String, String> messages() {
            return messages;
        }
    }

    /** Translates nothing. */
    public static class Empty extends French {
        @Override
        public Map<String, String> messages() {
            return Map.of();
        }
    }

    /** Has no language. */
    public static class NoLanguage extends English {
        @Override
        public Locale locale() {
            return Locale.ROOT;
        }
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> messages = new HashMap<>(FRENCH);
        messages.put(key, value);
        return Map.copyOf(messages);
    }

    abstract static class TranslationContract<P extends LanguagePack> extends LanguagePackContract<P> {
        @Override
        protected Map<String, String> reference() {
            return ENGLISH;
        }
    }

    static class EnglishTest extends LanguagePackContract<English> {
        @Override
        protected English createPlugin() {
            return new English();
        }
    }

    static class FrenchTest extends TranslationContract<French> {
        @Override
        protected French createPlugin() {
            return new French();
        }
    }

    static class ArabicTest extends TranslationContract<Arabic> {
        @Override
        protected Arabic createPlugin() {
            return new Arabic();
        }
    }

    static class ArabicLeftToRightTest extends TranslationContract<ArabicLeftToRight> {
        @Override
        protected ArabicLeftToRight createPlugin() {
            return new ArabicLeftToRight();
        }
    }

    static class QuotedPlaceholderTest extends TranslationContract<QuotedPlaceholder> {
        @Override
        protected QuotedPlaceholder createPlugin() {
            return new QuotedPlaceholder();
        }
    }

    static class QuotedPlaceholderWithoutReferenceTest extends LanguagePackContract<QuotedPlaceholder> {
        @Override
        protected QuotedPlaceholder createPlugin() {
            return new QuotedPlaceholder();
        }
    }

    static class LoneApostropheTest extends TranslationContract<LoneApostrophe> {
        @Override
        protected LoneApostrophe createPlugin() {
            return new LoneApostrophe();
        }
    }

    static class WrongPlaceholderTest extends TranslationContract<WrongPlaceholder> {
        @Override
        protected WrongPlaceholder createPlugin() {
            return new WrongPlaceholder();
        }
    }

    static class TypoTest extends TranslationContract<Typo> {
        @Override
        protected Typo createPlugin() {
            return new Typo();
        }
    }

    static class InvalidPatternTest extends TranslationContract<InvalidPattern> {
        @Override
        protected InvalidPattern createPlugin() {
            return new InvalidPattern();
        }
    }

    static class MutableTest extends TranslationContract<Mutable> {
        @Override
        protected Mutable createPlugin() {
            return new Mutable();
        }
    }

    static class EmptyTest extends TranslationContract<Empty> {
        @Override
        protected Empty createPlugin() {
            return new Empty();
        }
    }

    static class NoLanguageTest extends LanguagePackContract<NoLanguage> {
        @Override
        protected NoLanguage createPlugin() {
            return new NoLanguage();
        }
    }

    @Test
    void correctReferencePassesWithoutComparisons() {
        // keysExistInReference and placeholdersMatchReference are skipped without a reference.
        assertPasses(EnglishTest.class, 15);
    }

    @Test
    void correctTranslationPasses() {
        assertPasses(FrenchTest.class, 17);
    }

    @Test
    void partialRightToLeftTranslationPasses() {
        assertPasses(ArabicTest.class, 17);
    }

    @Test
    void rightToLeftLanguageNotSoMarkedFails() {
        assertFailsExactly(ArabicLeftToRightTest.class, "rightToLeftMatchesLanguage");
    }

    @Test
    void apostropheQuotingAPlaceholderFails() {
        assertFailsExactly(QuotedPlaceholderTest.class, "everyPlaceholderIsSubstituted", "apostrophesInWordsAreDoubled",
                "placeholdersMatchReference");
    }

    @Test
    void apostropheQuotingAPlaceholderFailsWithoutReference() {
        assertFailsExactly(QuotedPlaceholderWithoutReferenceTest.class, "everyPlaceholderIsSubstituted",
                "apostrophesInWordsAreDoubled");
    }

    @Test
    void apostropheInAWordFails() {
        assertFailsExactly(LoneApostropheTest.class, "apostrophesInWordsAreDoubled");
    }

    @Test
    void otherPlaceholdersThanReferenceFail() {
        assertFailsExactly(WrongPlaceholderTest.class, "placeholdersMatchReference");
    }

    @Test
    void keyUnknownToReferenceFails() {
        assertFailsExactly(TypoTest.class, "keysExistInReference");
    }

    @Test
    void invalidPatternFails() {
        assertFailsExactly(InvalidPatternTest.class, "valuesAreValidMessageFormatPatterns");
    }

    @Test
    void mutableMessagesFail() {
        assertFailsExactly(MutableTest.class, "messagesAreImmutable");
    }

    @Test
    void emptyMessagesFail() {
        assertFailsExactly(EmptyTest.class, "messagesAreNotEmpty");
    }

    @Test
    void localeWithoutLanguageFails() {
        assertFailsExactly(NoLanguageTest.class, "localeHasLanguage");
    }
}
