package org.frontierwatch.broker;

/** The embedded broker could not start; the message is one line fit for an operator. */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
