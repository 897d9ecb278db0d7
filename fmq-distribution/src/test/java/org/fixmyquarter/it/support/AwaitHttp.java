package org.fixmyquarter.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits, from the build, until a server started in the background answers HTTP at all (any
 * status), so that what starts next finds it: {@code AwaitHttp <url> <seconds>}. Fails the build
 * with the address when it does not answer in time.
 */
public final class AwaitHttp {

    private AwaitHttp() {
    }

    /**
     * @param args the address, and the longest wait in seconds
     * @throws InterruptedException if the build is stopped meanwhile
     */
    public static void main(String[] args) throws InterruptedException {
        URI url = URI.create(args[0]);
        Duration within = Duration.ofSeconds(Long.parseLong(args[1]));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                System.out.println(url + " answers");
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(url + " did not answer within " + within.toSeconds() + " s", last);
    }
}
