package org.frontierwatch.cli;

/** A failure the command line reports as one line ("frontier-watch: ...") and exit code 1, without a stack trace. */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
