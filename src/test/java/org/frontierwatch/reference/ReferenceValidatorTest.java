package org.frontierwatch.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.junit.jupiter.api.Test;

class ReferenceValidatorTest {

    private static Site site(String id, String country, Double lat, Map<String, Integer> workers) {
        return new Site(id, "n", "o", "CN", "mining", country, null, "Panj", lat, 70.0, workers);
    }

    @Test
    void shouldAcceptValidRecordsOfEachKind() {
        assertNull(ReferenceValidator.problem("s", site("s", "TJ", 37.0, Map.of("CN", 4))));
        assertNull(ReferenceValidator.problem("CN", new Nationality("CN", "China", "Chinese", null)));
        assertNull(ReferenceValidator.problem("d", new District("d", "TJ", null, "Dee", List.of(), List.of())));
    }

    @Test
    void shouldGiveTheReasonsTheUpdatersAlwaysGave() {
        assertEquals("empty value", ReferenceValidator.problem("s", null));
        assertEquals("site_id is missing", ReferenceValidator.site("s", site(" ", "TJ", null, Map.of())));
        assertEquals("site_id 'other\\n' does not match the record key",
                ReferenceValidator.site("s", site("other\n", "TJ", null, Map.of())));
        assertEquals("country is missing", ReferenceValidator.site("s", site("s", null, null, Map.of())));
        assertEquals("workers headcounts must be non-negative integers",
                ReferenceValidator.site("s", site("s", "TJ", null, Map.of("CN", -1))));
        assertEquals("coordinates out of range", ReferenceValidator.site("s", site("s", "TJ", 91.0, Map.of())));
        assertEquals("site_id must not start with a control character",
                ReferenceValidator.site("\u0000d:x", site("\u0000d:x", "TJ", null, Map.of())));
        assertEquals("code 'YY' does not match the record key",
                ReferenceValidator.nationality("XX", new Nationality("YY", null, null, null)));
        assertEquals("country and name are required",
                ReferenceValidator.district("d", new District("d", "TJ", null, null, null, null)));
    }

    @Test
    void shouldRefuseWhatIsNotAReferenceRecord() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceValidator.problem("k", "text"));
    }
}
