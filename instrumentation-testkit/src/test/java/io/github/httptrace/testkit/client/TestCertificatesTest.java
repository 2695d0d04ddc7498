package io.github.httptrace.testkit.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Proves the certificate keytool made: self-signed for {@code CN=app.test}, valid now, named for every host the
 * suite uses and for 127.0.0.1; trusted by the client side of the kit and by nothing else.
 */
class TestCertificatesTest {
  @Test
  void aSelfSignedCertificateForTheSuitesNamesValidNow() throws Exception {
    X509Certificate certificate = TestCertificates.certificate();

    assertEquals("CN=app.test", TestCertificates.subject());
    assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal(), "self-signed");
    assertDoesNotThrow(() -> certificate.verify(certificate.getPublicKey()));
    certificate.checkValidity(new Date());
    Set<String> names = certificate.getSubjectAlternativeNames().stream()
        .map(name -> String.valueOf(name.get(1)))
        .collect(Collectors.toSet());
    assertEquals(Set.of("app.test", "other.test", "localhost", "127.0.0.1"), names);
  }

  @Test
  void theKitsTrustAcceptsItAndThePlatformsDoesNot() throws Exception {
    X509Certificate[] chain = {TestCertificates.certificate()};
    String authType = "ECDHE_ECDSA";

    assertDoesNotThrow(() -> TestCertificates.clientTrustManager().checkServerTrusted(chain, authType));
    TrustManagerFactory platform = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    platform.init((java.security.KeyStore) null);
    X509TrustManager platformTrust = (X509TrustManager) List.of(platform.getTrustManagers()).get(0);
    assertThrows(CertificateException.class, () -> platformTrust.checkServerTrusted(chain, authType));
  }

  @Test
  void madeOncePerJvm() {
    assertSame(TestCertificates.serverContext(), TestCertificates.serverContext());
    assertSame(TestCertificates.clientContext(), TestCertificates.clientContext());
    assertTrue(TestCertificates.certificate().getNotBefore().before(new Date()));
  }
}
