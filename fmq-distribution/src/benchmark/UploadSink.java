import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The ceiling of the benchmark's photos scenario: an HTTP server on the loopback that reads each
 * request's body to the end, discards it, and answers 201. Eight clients uploading the same file to
 * it show what this machine's loopback, hey and a JVM's HTTP stack can move at all, in the same run
 * as the API, so the API's upload rate is quoted as a ratio to it rather than in MB/s that change
 * with the machine's other load.
 *
 * <pre>java UploadSink.java [PORT]</pre>
 *
 * Port 0 (the default) takes a free one; the port is printed as the first line ("port N"), then the
 * sink runs until it is killed (the runner kills it by its process id when it ends).
 */
public class UploadSink {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        byte[] answer = "{\"state\":\"discarded\"}".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            // Read at the pace the client sends, as the server's upload does, but keep nothing.
            byte[] buffer = new byte[64 * 1024];
            try (InputStream body = exchange.getRequestBody()) {
                while (body.read(buffer) >= 0) {
                    // discarded
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        // More threads than the benchmark's 8 clients, so the sink never makes one of them wait.
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        System.out.println("port " + server.getAddress().getPort());
        System.out.flush();
    }
}
