package org.frontierwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.frontierwatch.broker.RulesTopic;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.config.RuleDocuments;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code rules publish}, {@code rules list} and {@code rules diff} share: the connection, the rules topic's name
 * ({@code --topic}, else {@code frontier.topic.rules} of {@code --config}, else {@code rules}), reading the topic and
 * reading rules files into the records they would publish.
 */
final class RulesTopicOptions {

    @Mixin
    ClientOptions connection;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "The rules topic. Default: frontier.topic.rules of --config, else rules.")
    String topic;

    String topic() {
        return topic != null ? topic : ClientSettings.readFile(connection.config).getProperty("frontier.topic.rules",
                "rules");
    }

    /** The rules topic as the processor reads it; a CLI error naming the topic when it cannot be read in time. */
    RulesTopic.Contents read(Properties client) {
        try {
            return RulesTopic.read(client, topic(), connection.connectTimeout());
        } catch (TimeoutException e) {
            throw new CliException("reading topic " + topic() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The records the files would publish, id to value, in file order; every file passes {@code rules check}'s
     * checks first, and a rule id defined in two files is an error.
     */
    static Map<String, String> fromFiles(List<Path> files) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
            }
            try {
                RuleDocuments.ofFile(file.toString(), text).forEach((id, value) -> {
                    if (out.put(id, value) != null) {
                        throw new CliException(file + ": rule " + id + " is also defined in an earlier file");
                    }
                });
            } catch (ConfigException e) {
                throw new CliException(e.getMessage(), e);
            }
        }
        return out;
    }
}
