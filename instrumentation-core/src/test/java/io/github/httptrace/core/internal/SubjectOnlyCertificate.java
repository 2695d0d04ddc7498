package io.github.httptrace.core.internal;

import java.math.BigInteger;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * An X.509 certificate that has only a subject, made without keytool or a key pair: the TLS event reads nothing
 * else of a peer certificate. Every other method throws, so a test shows if more is read.
 */
final class SubjectOnlyCertificate extends X509Certificate {
  private final X500Principal subject;

  SubjectOnlyCertificate(String subjectDn) {
    this.subject = new X500Principal(subjectDn);
  }

  @Override
  public X500Principal getSubjectX500Principal() {
    return subject;
  }

  private static UnsupportedOperationException unread() {
    return new UnsupportedOperationException("only the subject is read");
  }

  @Override
  public void checkValidity() {
    throw unread();
  }

  @Override
  public void checkValidity(Date date) {
    throw unread();
  }

  @Override
  public int getVersion() {
    throw unread();
  }

  @Override
  public BigInteger getSerialNumber() {
    throw unread();
  }

  @Override
  public Principal getIssuerDN() {
    throw unread();
  }

  @Override
  public Principal getSubjectDN() {
    throw unread();
  }

  @Override
  public Date getNotBefore() {
    throw unread();
  }

  @Override
  public Date getNotAfter() {
    throw unread();
  }

  @Override
  public byte[] getTBSCertificate() {
    throw unread();
  }

  @Override
  public byte[] getSignature() {
    throw unread();
  }

  @Override
  public String getSigAlgName() {
    throw unread();
  }

  @Override
  public String getSigAlgOID() {
    throw unread();
  }

  @Override
  public byte[] getSigAlgParams() {
    throw unread();
  }

  @Override
  public boolean[] getIssuerUniqueID() {
    throw unread();
  }

  @Override
  public boolean[] getSubjectUniqueID() {
    throw unread();
  }

  @Override
  public boolean[] getKeyUsage() {
    throw unread();
  }

  @Override
  public int getBasicConstraints() {
    throw unread();
  }

  @Override
  public byte[] getEncoded() {
    throw unread();
  }

  @Override
  public void verify(PublicKey key) {
    throw unread();
  }

  @Override
  public void verify(PublicKey key, String sigProvider) {
    throw unread();
  }

  /** Identity: a certificate's own equality reads its encoding. */
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "SubjectOnlyCertificate[" + subject + "]";
  }

  @Override
  public PublicKey getPublicKey() {
    throw unread();
  }

  @Override
  public boolean hasUnsupportedCriticalExtension() {
    throw unread();
  }

  @Override
  public Set<String> getCriticalExtensionOIDs() {
    throw unread();
  }

  @Override
  public Set<String> getNonCriticalExtensionOIDs() {
    throw unread();
  }

  @Override
  public byte[] getExtensionValue(String oid) {
    throw unread();
  }
}
