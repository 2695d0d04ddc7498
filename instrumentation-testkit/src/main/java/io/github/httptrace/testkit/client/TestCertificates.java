package io.github.httptrace.testkit.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A self-signed certificate for the suite's HTTPS peer, made once per JVM: the server side, and the client
 * trust that accepts it. A client given no trust uses the platform's and rejects the peer.
 */
public final class TestCertificates {
  private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder()
      .commonName("app.test")
      .addSubjectAlternativeName("app.test")
      .addSubjectAlternativeName("other.test")
      .addSubjectAlternativeName("localhost")
      .build();
  private static final HandshakeCertificates SERVER = new HandshakeCertificates.Builder()
      .heldCertificate(CERTIFICATE)
      .build();
  private static final HandshakeCertificates CLIENT = new HandshakeCertificates.Builder()
      .addTrustedCertificate(CERTIFICATE.certificate())
      .build();

  private TestCertificates() {}

  /** For the peer: {@code server.useHttps(TestCertificates.serverSocketFactory())}. */
  public static SSLSocketFactory serverSocketFactory() {
    return SERVER.sslSocketFactory();
  }

  /** An SSL context whose trust accepts the peer. */
  public static SSLContext clientContext() {
    return CLIENT.sslContext();
  }

  /** The trust manager of {@link #clientContext()}. */
  public static X509TrustManager clientTrustManager() {
    return CLIENT.trustManager();
  }

  /** The certificate's subject in RFC 2253 form: what {@code tls.peer} must say. */
  public static String subject() {
    return CERTIFICATE.certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
  }
}
