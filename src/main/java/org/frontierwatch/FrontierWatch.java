package org.frontierwatch;

import org.frontierwatch.cli.FrontierWatchCli;

/**
 * Entry point of {@code frontier-watch.jar}: hands the arguments to the command line ({@code run}, {@code produce},
 * {@code tail}, {@code demo}) and exits with its code.
 */
public final class FrontierWatch {

    private FrontierWatch() {
    }

    public static void main(String[] args) {
        System.exit(FrontierWatchCli.execute(args));
    }
}
