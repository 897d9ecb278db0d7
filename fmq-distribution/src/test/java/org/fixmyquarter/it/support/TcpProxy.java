package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a shared service (Redis, RabbitMQ), so that a test
 * can take the service away from one server without stopping it for everyone else:
 * {@link #stop()} closes every connection and stops listening, as a service that went down does
 * (the server's next connection is refused); {@link #start()} listens again, as one that came
 * back.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    /**
     * @param port       the loopback port to listen on
     * @param targetHost the service's host
     * @param targetPort the service's port
     */
    public TcpProxy(int port, String targetHost, int targetPort) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /**
     * Listens and forwards every connection to the service.
     *
     * @return this proxy
     * @throws IOException if the port is taken
     */
    public synchronized TcpProxy start() throws IOException {
        if (listener != null) {
            return this;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread accepting = new Thread(() -> accept(socket), "tcp-proxy-" + port);
        accepting.setDaemon(true);
        accepting.start();
        return this;
    }

    /** Stops listening and cuts every connection: the service is down for whoever uses this port. */
    public synchronized void stop() {
        ServerSocket socket = listener;
        listener = null;
        if (socket != null) {
            closeQuietly(socket);
        }
        for (Socket open : sockets) {
            closeQuietly(open);
        }
        sockets.clear();
    }

    /** @return the address to give the server, such as {@code 127.0.0.1:9852} */
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return;
            }
            Socket service = new Socket();
            try {
                service.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            sockets.add(client);
            sockets.add(service);
            if (listener != socket) {
                // Stopped while connecting: stop() may have missed these two.
                closeQuietly(client);
                closeQuietly(service);
                return;
            }
            pipe(client, service);
            pipe(service, client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // One side went away; the finally below ends the other.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-" + port + "-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
