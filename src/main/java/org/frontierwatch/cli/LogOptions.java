package org.frontierwatch.cli;

import picocli.CommandLine.Option;

/** The log options of {@code run} and {@code demo}: where the log goes is {@link ConsoleLog}'s choice. */
final class LogOptions {

    @Option(names = {"-v", "--verbose"},
            description = "Print the full log on the console too (it always goes to the log file named at start).")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:FW_LOG_LEVEL}",
            description = "Default log level: trace, debug, info, warn, error or off (default: info; Kafka's own "
                    + "loggers warn, and follow debug/trace). Env: FW_LOG_LEVEL.")
    String level;
}
