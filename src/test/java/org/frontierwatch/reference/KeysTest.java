package org.frontierwatch.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void shouldLowerCaseEveryLetter() {
        assertEquals("shamsiddin-shohin", Keys.slug("SHAMSIDDIN SHOHIN"));
        assertEquals("shamsiddin-shohin", Keys.slug("Shamsiddin Shohin"));
        assertEquals("panj", Keys.slug("pAnJ"));
    }

    @Test
    void shouldSpellOutCaronLettersAsEnglishDigraphs() {
        assertEquals("shamsiddin-shohin", Keys.slug("Šamsiddin Šohin"));
        assertEquals("shamsiddin-shohin", Keys.slug("ŠAMSIDDIN ŠOHIN"));
        assertEquals("dushanbe", Keys.slug("Dušanbe"));
        assertEquals("chor-chashma", Keys.slug("Čor Čašma"));
        assertEquals("zhilandy", Keys.slug("Žilandy"));
        assertEquals("ghuzor", Keys.slug("Ǧuzor"));
        assertEquals("ghuzor", Keys.slug("Ğuzor"));
    }

    @Test
    void shouldDropOtherDiacritics() {
        assertEquals("jilikul", Keys.slug("Jilikŭl"));
        assertEquals("jilikul", Keys.slug("JILIKŬL"));
        assertEquals("qurghonteppa", Keys.slug("Qŭrghontéppa"));
        assertEquals("sahrituz", Keys.slug("Şährituz"));
    }

    /**
     * "Š" typed as S + U+030C COMBINING CARON (Unicode NFD, as macOS and some keyboards produce it) is the same text
     * as the precomposed "Š" and must give the same slug; otherwise a report spelling its district that way misses
     * the gazetteer.
     */
    @Test
    void shouldSlugDecomposedCaronLettersLikePrecomposedOnes() {
        String decomposed = "S\u030Camsiddin S\u030Cohin";
        assertEquals(Keys.slug("Šamsiddin Šohin"), Keys.slug(decomposed));
        assertEquals("shamsiddin-shohin", Keys.slug(decomposed));
    }

    @Test
    void shouldDropApostrophesWithoutLeavingAHyphen() {
        assertEquals("muminobod", Keys.slug("Mu'minobod"));
        assertEquals("muminobod", Keys.slug("Mu\u2019minobod"), "right single quotation mark");
        assertEquals("muminobod", Keys.slug("Muminobod"));
    }

    /** U+02BC MODIFIER LETTER APOSTROPHE is one of the three apostrophes Keys lists as dropped. */
    @Test
    void shouldDropTheModifierLetterApostrophe() {
        assertEquals("muminobod", Keys.slug("Mu\u02BCminobod"));
    }

    @Test
    void shouldCollapseEveryRunOfSeparatorsIntoOneHyphen() {
        assertEquals("kalai-khumb", Keys.slug("Kalai Khumb"));
        assertEquals("kalai-khumb", Keys.slug("Kalai-Khumb"));
        assertEquals("kalai-khumb", Keys.slug("Kalai_Khumb"));
        assertEquals("kalai-khumb", Keys.slug("Kalai  --  Khumb"));
        assertEquals("kalai-khumb", Keys.slug("Kalai\t/ Khumb"));
        assertEquals("shuro-obod", Keys.slug("Shuro-obod"));
        assertEquals("kulob-city-2", Keys.slug("Kulob (city) #2"));
    }

    @Test
    void shouldTrimSeparatorsAtBothEnds() {
        assertEquals("panj", Keys.slug("  Panj  "));
        assertEquals("panj", Keys.slug("--Panj--"));
        assertEquals("panj", Keys.slug("(Panj)."));
    }

    @Test
    void shouldGiveTheSameSlugForEverySpellingTheGazetteerTreatsAsOne() {
        String expected = Keys.slug("Shamsiddin Shohin");
        for (String spelling : new String[] {"SHAMSIDDIN-SHOHIN", "Šamsiddin Šohin", " shamsiddin   shohin ",
                "Shamsiddin_Shohin", "Shamsiddin.Shohin"}) {
            assertEquals(expected, Keys.slug(spelling), spelling);
        }
    }

    @Test
    void shouldMapNullAndPunctuationOnlyTextToTheEmptySlug() {
        assertEquals("", Keys.slug(null));
        assertEquals("", Keys.slug(""));
        assertEquals("", Keys.slug(" - ' / "));
    }

    @Test
    void shouldReplaceEachListedCharacterAndReturnTheSameStringWhenThereIsNone() {
        assertEquals("a_b_c_d", Keys.replaceEach("a b,c<d", " ,<", '_'));
        assertEquals("x_y_z", Keys.replaceEach("x\ty\u000Bz", " \t\n\u000B\f\r", '_'));
        String clean = "GEN-1-42";
        assertTrue(clean == Keys.replaceEach(clean, " ,<&", '_'), "no copy when nothing is replaced");
    }

    @Test
    void shouldSlugNamesIgnoringCaseDiacriticsAndPunctuation() {
        assertEquals("shamsiddin-shohin", Keys.slug("Šamsiddin Šohin"));
        assertEquals("shamsiddin-shohin", Keys.slug("  SHAMSIDDIN--SHOHIN "));
        assertEquals("jilikul", Keys.slug("Jilikŭl"));
        assertEquals("muminobod", Keys.slug("Mu'minobod"));
        assertEquals("kalai-khumb", Keys.slug("Kalai-Khumb"));
    }
}
