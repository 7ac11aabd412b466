package dev.upwatch.web;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real TLS endpoint on 127.0.0.1 for {@code type: tls} monitors: completes each handshake with a self-signed
 * certificate made by the JDK's {@code keytool}, then hangs up.
 */
final class TlsTarget implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final SSLServerSocket listener;
    private final Instant notAfter;

    /** Makes a certificate valid for {@code days} days in {@code directory} and starts listening. */
    TlsTarget(Path directory, int days) throws Exception {
        Path store = directory.resolve("tls-target.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-noprompt", "-alias", "target", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", Integer.toString(days),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        notAfter = ((X509Certificate) keys.getCertificate("target")).getNotAfter().toInstant();
        listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tls-target").start(this::serve);
    }

    private void serve() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> {
                    try (SSLSocket tls = (SSLSocket) socket) {
                        tls.startHandshake();
                    } catch (IOException e) {
                        // the client hung up during the handshake: nothing to serve
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The certificate's {@code notAfter}. */
    Instant notAfter() {
        return notAfter;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
