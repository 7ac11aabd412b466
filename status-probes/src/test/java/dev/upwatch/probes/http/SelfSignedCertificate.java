package dev.upwatch.probes.http;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} / {@code 127.0.0.1}, made by the JDK's own {@code keytool}
 * (so no test library or internal JDK API is needed), and a server-side TLS context presenting it.
 */
public final class SelfSignedCertificate {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ALIAS = "upwatch-test";

    private final SSLContext serverContext;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private SelfSignedCertificate(SSLContext serverContext, X509Certificate certificate, PrivateKey key) {
        this.serverContext = serverContext;
        this.certificate = certificate;
        this.key = key;
    }

    /** The certificate and its key as PEM files, for servers that read those (Redis, MariaDB, gRPC). */
    public record PemFiles(Path certificate, Path key) {
    }

    /** Generates a key pair and certificate valid for {@code days} days into a key store under {@code directory}. */
    public static SelfSignedCertificate generate(Path directory, int days) throws IOException, InterruptedException,
            GeneralSecurityException {
        return generate(directory, days, 0);
    }

    /**
     * Generates a certificate whose validity began {@code startedDaysAgo} days ago and lasted {@code days} days: with
     * {@code startedDaysAgo > days} it has expired.
     */
    public static SelfSignedCertificate generate(Path directory, int days, int startedDaysAgo) throws IOException,
            InterruptedException, GeneralSecurityException {
        return generate(directory, days, startedDaysAgo, List.of("-keyalg", "EC", "-groupname", "secp256r1"));
    }

    /**
     * A certificate with an RSA key, for servers whose TLS library cannot read the JDK's PKCS #8 encoding of EC keys
     * (Exim on GnuTLS: "ASN1 parser: Element was not found").
     */
    public static SelfSignedCertificate generateRsa(Path directory, int days) throws IOException, InterruptedException,
            GeneralSecurityException {
        return generate(directory, days, 0, List.of("-keyalg", "RSA", "-keysize", "2048"));
    }

    private static SelfSignedCertificate generate(Path directory, int days, int startedDaysAgo, List<String> key)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path keyStore = directory.resolve("server-" + days + "-" + startedDaysAgo + "-" + key.get(1) + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS));
        command.addAll(key);
        command.addAll(List.of("-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", Integer.toString(days),
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        if (startedDaysAgo > 0) {
            command.addAll(List.of("-startdate", "-" + startedDaysAgo + "d"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
        return new SelfSignedCertificate(context, certificate, (PrivateKey) store.getKey(ALIAS, PASSWORD));
    }

    /** Writes the certificate and its private key (PKCS #8) as PEM files into {@code directory}. */
    public PemFiles writePem(Path directory) throws IOException, GeneralSecurityException {
        Path certificateFile = directory.resolve("certificate.pem");
        Path keyFile = directory.resolve("key.pem");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new PemFiles(certificateFile, keyFile);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** TLS settings for a server presenting this certificate. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** The certificate's {@code notAfter}. */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }
}
