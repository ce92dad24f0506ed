package org.frontierwatch.testing;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/** Validates documents against the official OASIS CAP 1.2 schema (a copy in src/test/resources). */
public final class CapSchema {

    private static final Schema SCHEMA = load();

    private CapSchema() {
    }

    private static Schema load() {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return f.newSchema(CapSchema.class.getResource("/cap-v1.2.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException("cannot load CAP schema", e);
        }
    }

    /** Throws with the validator's message when {@code xml} is not a valid CAP 1.2 alert. */
    public static void assertValid(String xml) {
        try {
            Validator v = SCHEMA.newValidator();
            v.validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new AssertionError("invalid CAP 1.2: " + e.getMessage() + "\n" + xml, e);
        }
    }
}
