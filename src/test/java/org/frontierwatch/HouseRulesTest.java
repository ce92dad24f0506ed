package org.frontierwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import com.puppycrawl.tools.checkstyle.api.Configuration;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's checkstyle configuration ({@code .ci/checkstyle}, run by {@code mvn verify}) on planted sources: a
 * layering violation, an inline qualified name and misordered imports are reported, and a clean class is not. So
 * the rules the build passes can fail.
 */
class HouseRulesTest {

    private static final Path CONFIG_DIR = Path.of(".ci", "checkstyle").toAbsolutePath();

    @TempDir
    Path dir;

    /** The messages checkstyle reports for one main-source file of {@code pkg}, each with its check's name. */
    private List<String> check(String pkg, String source) throws IOException, CheckstyleException {
        Path file = dir.resolve("src/main/java").resolve(pkg.replace('.', '/')).resolve("Planted.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package " + pkg + ";\n\n" + source, StandardCharsets.UTF_8);
        Properties props = new Properties();
        props.setProperty("config_loc", CONFIG_DIR.toString());
        Configuration config = ConfigurationLoader.loadConfiguration(CONFIG_DIR.resolve("checkstyle.xml").toString(),
                new PropertiesExpander(props), ConfigurationLoader.IgnoredModulesOptions.OMIT);
        Checker checker = new Checker();
        List<String> reported = new ArrayList<>();
        try {
            checker.setModuleClassLoader(Checker.class.getClassLoader());
            checker.configure(config);
            checker.addListener(new Collector(reported));
            checker.process(List.of(new File(file.toString())));
        } finally {
            checker.destroy();
        }
        return reported;
    }

    @Test
    void shouldRejectAKafkaImportInTheDomainCore() throws Exception {
        List<String> reported = check("org.frontierwatch.rules",
                "import org.apache.kafka.common.KafkaException;\n\nfinal class Planted {\n"
                        + "    KafkaException e;\n}\n");
        assertTrue(reported.contains("ImportControl: Disallowed import - org.apache.kafka.common.KafkaException."),
                reported.toString());
    }

    @Test
    void shouldRejectABrokerOrCliImportInTheTopology() throws Exception {
        List<String> reported = check("org.frontierwatch.topology",
                "import org.frontierwatch.broker.TopicSetup;\nimport org.frontierwatch.cli.CliException;\n\n"
                        + "final class Planted {\n    TopicSetup t;\n    CliException e;\n}\n");
        assertEquals(List.of("ImportControl: Disallowed import - org.frontierwatch.broker.TopicSetup.",
                "ImportControl: Disallowed import - org.frontierwatch.cli.CliException."), reported);
    }

    @Test
    void shouldRejectAnInlineQualifiedNameButNotOneInAStringOrComment() throws Exception {
        List<String> reported = check("org.frontierwatch.alert",
                "/** Uses {@link java.util.ArrayList}. */\nfinal class Planted {\n"
                        + "    Object list = new java.util.ArrayList<String>();\n"
                        + "    String name = \"java.util.ArrayList\";\n}\n");
        assertEquals(List.of("inlineQualifiedName: Fully qualified class name in code: import it instead."),
                reported);
    }

    @Test
    void shouldRejectUnorderedAndStarImports() throws Exception {
        List<String> reported = check("org.frontierwatch.alert",
                "import java.util.Map;\nimport java.util.List;\nimport java.time.*;\n\nfinal class Planted {\n"
                        + "    List<Map<String, Instant>> x;\n}\n");
        assertTrue(reported.stream().anyMatch(m -> m.startsWith("CustomImportOrder:")), reported.toString());
        assertTrue(reported.stream().anyMatch(m -> m.startsWith("AvoidStarImport:")), reported.toString());
    }

    @Test
    void shouldAcceptACleanDomainClass() throws Exception {
        assertEquals(List.of(), check("org.frontierwatch.rules",
                "import java.util.List;\nimport org.frontierwatch.model.Site;\n\n/** A planted clean class. */\n"
                        + "final class Planted {\n    List<Site> sites = List.of();\n}\n"));
    }

    /** Collects each reported violation as "CheckName: message". */
    private record Collector(List<String> reported) implements AuditListener {
        @Override
        public void addError(AuditEvent event) {
            String check = event.getModuleId() != null ? event.getModuleId()
                    : event.getSourceName().substring(event.getSourceName().lastIndexOf('.') + 1)
                            .replace("Check", "");
            reported.add(check + ": " + event.getMessage());
        }

        @Override
        public void addException(AuditEvent event, Throwable throwable) {
            throw new IllegalStateException("checkstyle failed on " + event.getFileName(), throwable);
        }

        @Override
        public void auditStarted(AuditEvent event) {
        }

        @Override
        public void auditFinished(AuditEvent event) {
        }

        @Override
        public void fileStarted(AuditEvent event) {
        }

        @Override
        public void fileFinished(AuditEvent event) {
        }
    }
}
