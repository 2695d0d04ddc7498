package io.github.httptrace.brave;

import java.net.InetAddress;
import java.net.UnknownHostException;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A self-signed certificate for {@value #HOST}, which the tests' resolvers map to 127.0.0.1. */
final class Tls {
  static final String HOST = "app.test";
  private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder()
      .commonName(HOST)
      .addSubjectAlternativeName(HOST)
      .build();
  static final HandshakeCertificates SERVER = new HandshakeCertificates.Builder()
      .heldCertificate(CERTIFICATE)
      .build();
  static final HandshakeCertificates CLIENT = new HandshakeCertificates.Builder()
      .addTrustedCertificate(CERTIFICATE.certificate())
      .build();

  private Tls() {}

  static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }
}
