package org.frontierwatch.broker;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Probes local TCP ports for the embedded broker: consumes a host and a port, produces the resolved address, a free
 * port, or a {@link BrokerStartException} with a one-line reason when the port cannot be listened on.
 */
final class ListenPorts {

    private ListenPorts() {
    }

    static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BrokerStartException("cannot start the embedded Kafka broker: unknown host " + host, e);
        }
    }

    /** Fails early, before Kafka starts half a server, when the port is taken. */
    static int requireFree(String host, InetAddress address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a port left in TIME_WAIT by a previous broker is free
            s.bind(new InetSocketAddress(address, port));
            return port;
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("in use")) {
                throw new BrokerStartException("cannot start the embedded Kafka broker: port " + port + " on " + host
                        + " is already in use", e);
            }
            throw new BrokerStartException("cannot start the embedded Kafka broker: cannot listen on " + host + ":"
                    + port + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BrokerStartException("cannot start the embedded Kafka broker: cannot listen on " + host + ":"
                    + port + ": " + e.getMessage(), e);
        }
    }

    static boolean isFree(InetAddress address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort(String host, InetAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot start the embedded Kafka broker: no free port on " + host + ": "
                    + e.getMessage(), e);
        }
    }
}
