package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpEvents;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class AnnotationsTest {
  @Test
  void anEventWithoutFieldsIsItsName() {
    assertEquals("WroteHeaders", Annotations.of(HttpEvent.of(HttpEvents.WROTE_HEADERS)));
  }

  @Test
  void fieldsFollowTheNameInOrderAsKeyEqualsValue() {
    assertEquals("TLSHandshakeDone tls.version=TLSv1.3 tls.cipher_suite=TLS_AES_128_GCM_SHA256 tls.peer=CN=app.test",
        Annotations.of(HttpEvent.of(HttpEvents.TLS_HANDSHAKE_DONE, HttpEvents.FIELD_TLS_VERSION, "TLSv1.3",
            HttpEvents.FIELD_TLS_CIPHER_SUITE, "TLS_AES_128_GCM_SHA256", HttpEvents.FIELD_TLS_PEER, "CN=app.test")));
    assertEquals("GotConn reused=true was_idle=true idle_time_us=1500",
        Annotations.of(HttpEvent.of(HttpEvents.GOT_CONN, HttpEvents.FIELD_REUSED, true, HttpEvents.FIELD_WAS_IDLE,
            true, HttpEvents.FIELD_IDLE_TIME_US, 1500L)));
    assertEquals("Redirect http.status_code=301 location=http://app.test/b?token=REDACTED",
        Annotations.of(HttpEvent.of(HttpEvents.REDIRECT, HttpEvents.FIELD_STATUS_CODE, 301,
            HttpEvents.FIELD_LOCATION, "http://app.test/b?token=REDACTED")));
  }

  @Test
  void valuesWithSpacesOrQuotesAreQuoted() {
    assertEquals("TLSHandshakeDone tls.version=TLSv1.2 tls.peer=\"CN=app.test,O=Example Inc\"",
        Annotations.of(HttpEvent.of(HttpEvents.TLS_HANDSHAKE_DONE, HttpEvents.FIELD_TLS_VERSION, "TLSv1.2",
            HttpEvents.FIELD_TLS_PEER, "CN=app.test,O=Example Inc")));
    assertEquals("DNSStart host=\"a \\\"b\\\\\"",
        Annotations.of(HttpEvent.of(HttpEvents.DNS_START, HttpEvents.FIELD_HOST, "a \"b\\")));
    assertEquals("DNSStart host=\"\"", Annotations.of(HttpEvent.of(HttpEvents.DNS_START, HttpEvents.FIELD_HOST, "")));
  }

  @Test
  void aFailureIsItsClassNameItsMessageIsTheSpansError() {
    ConnectException refused = new ConnectException("Connection refused");
    assertEquals("ConnectDone network=tcp addr=127.0.0.1:1 error.object=java.net.ConnectException",
        Annotations.of(HttpEvent.of(HttpEvents.CONNECT_DONE, HttpEvents.FIELD_NETWORK, "tcp",
            HttpEvents.FIELD_ADDR, "127.0.0.1:1", HttpEvents.FIELD_ERROR_OBJECT, refused)));
    assertEquals("error error.kind=java.net.ConnectException", Annotations.error(refused));
  }
}
