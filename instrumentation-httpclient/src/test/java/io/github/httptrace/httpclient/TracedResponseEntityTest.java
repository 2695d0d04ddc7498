package io.github.httptrace.httpclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/** Proves that an entity reports its end once, with the bytes read, however the end comes. */
class TracedResponseEntityTest {
  private final List<Long> ends = new ArrayList<>();

  private TracedResponseEntity entity(HttpEntity inner) {
    return new TracedResponseEntity(inner, ends::add);
  }

  private TracedResponseEntity entity() {
    return entity(new StringEntity("hello", ContentType.TEXT_PLAIN));
  }

  @Test
  void readToTheEndThenClosedReportsOnceWithTheBytes() throws IOException {
    TracedResponseEntity entity = entity();
    try (InputStream in = entity.getContent()) {
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
      assertEquals(List.of(5L), ends);
    }
    entity.close();
    assertEquals(List.of(5L), ends);
  }

  @Test
  void closedUnreadReportsNoBytes() throws IOException {
    TracedResponseEntity entity = entity();
    entity.close();
    entity.close();
    assertEquals(List.of(0L), ends);
  }

  @Test
  void closingAStreamPartWayReportsWhatWasRead() throws IOException {
    TracedResponseEntity entity = entity();
    InputStream in = entity.getContent();
    assertEquals('h', in.read());
    assertEquals(2, in.read(new byte[2], 0, 2));
    in.close();
    assertEquals(List.of(3L), ends);
  }

  @Test
  void theSameStreamAskedForAgainGetsTheSameCounter() throws IOException {
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    TracedResponseEntity entity = entity(
        new InputStreamEntity(new java.io.ByteArrayInputStream(body), body.length, ContentType.TEXT_PLAIN));
    InputStream first = entity.getContent();
    assertSame(first, entity.getContent());
    first.readAllBytes();
    assertEquals(List.of(5L), ends);
  }

  @Test
  void aThrowingListenerDoesNotEscape() throws IOException {
    TracedResponseEntity entity = new TracedResponseEntity(new StringEntity("hello", ContentType.TEXT_PLAIN),
        bytes -> {
          throw new IllegalStateException("listener bug");
        });
    try (InputStream in = entity.getContent()) {
      assertEquals(5, in.readAllBytes().length);
    }
    entity.close();
  }
}
