package io.github.httptrace.testkit.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * A self-signed certificate for the suite's HTTPS peer, made once per JVM: the server side, and the client
 * trust that accepts it. A client given no trust uses the platform's and rejects the peer.
 *
 * <p>The certificate is made by the JDK's own {@code keytool} (of the running JVM's {@code java.home}): an EC
 * P-256 key pair and a self-signed certificate for {@code CN=app.test}, with the subject alternative names {@code
 * app.test}, {@code other.test}, {@code localhost} and {@code 127.0.0.1}, valid from a day ago for ten years,
 * into a PKCS12 file in a temporary directory, which is read into memory and deleted at once. Nothing here needs an
 * HTTP client library.
 */
public final class TestCertificates {
  private static final String ALIAS = "peer";
  private static final char[] PASSWORD = "conformance".toCharArray();
  private static final String SUBJECT_ALTERNATIVE_NAMES =
      "SAN=dns:app.test,dns:other.test,dns:localhost,ip:127.0.0.1";
  private static final long KEYTOOL_SECONDS = 60;

  private static final KeyStore KEY_STORE = generate();
  private static final X509Certificate CERTIFICATE = certificate(KEY_STORE);
  private static final SSLContext SERVER = serverContext(KEY_STORE);
  private static final X509TrustManager TRUST = trustManager(CERTIFICATE);
  private static final SSLContext CLIENT = clientContext(TRUST);

  private TestCertificates() {}

  /** For the peer: the key and certificate, e.g. {@code server.useHttps(TestCertificates.serverContext())}. */
  public static SSLContext serverContext() {
    return SERVER;
  }

  /** The server side as a socket factory, for servers layered on one (e.g. OkHttp's MockWebServer). */
  public static SSLSocketFactory serverSocketFactory() {
    return SERVER.getSocketFactory();
  }

  /** An SSL context whose trust accepts the peer. */
  public static SSLContext clientContext() {
    return CLIENT;
  }

  /** The trust manager of {@link #clientContext()}. */
  public static X509TrustManager clientTrustManager() {
    return TRUST;
  }

  /**
   * The key and certificate as a PKCS12 key store with one private key entry, for servers configured from a key store
   * rather than an {@link SSLContext} (e.g. a servlet container's TLS connector). The store is shared: read it, do not
   * change it. Its password, also the key's, is {@link #keyStorePassword()}.
   */
  public static KeyStore keyStore() {
    return KEY_STORE;
  }

  /** The password of {@link #keyStore()} and of its key entry; a new copy on each call. */
  public static char[] keyStorePassword() {
    return PASSWORD.clone();
  }

  /** The peer's certificate. */
  public static X509Certificate certificate() {
    return CERTIFICATE;
  }

  /** The certificate's subject in RFC 2253 form: what {@code tls.peer} must say. */
  public static String subject() {
    return CERTIFICATE.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  private static KeyStore generate() {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("httptrace-peer-certificate");
      Path keyStore = directory.resolve("peer.p12");
      Path output = directory.resolve("keytool.out");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      String password = new String(PASSWORD);
      Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-noprompt",
          "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
          "-dname", "CN=app.test", "-ext", SUBJECT_ALTERNATIVE_NAMES, "-startdate", "-1d", "-validity", "3650",
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password))
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(keytool + " did not end within " + KEYTOOL_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(keytool + " failed with " + process.exitValue() + ": "
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, PASSWORD);
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the test certificate with keytool", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test certificate keytool made", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool made the test certificate", e);
    } finally {
      if (directory != null) delete(directory);
    }
  }

  private static X509Certificate certificate(KeyStore store) {
    try {
      return (X509Certificate) store.getCertificate(ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext serverContext(KeyStore store) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509TrustManager trustManager(X509Certificate certificate) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager) return (X509TrustManager) manager;
      }
      throw new IllegalStateException("no X509TrustManager from " + factory.getAlgorithm());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext clientContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary file left behind harms nothing.
    }
  }
}
