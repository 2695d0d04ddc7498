package io.github.httptrace.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/** Proves that one entity reports its end once to the attempt and then to the call, however the end comes. */
class TracedResponseEntityTest {
  private final List<String> ends = new ArrayList<>();

  private TracedResponseEntity entity() {
    return new TracedResponseEntity(new StringEntity("hello", ContentType.TEXT_PLAIN), "attempt",
        bytes -> ends.add("attempt " + bytes));
  }

  @Test
  void theCallHearsOfTheEndAfterTheAttemptOnce() throws IOException {
    TracedResponseEntity entity = entity();
    entity.alsoOnEnd("call", bytes -> ends.add("call " + bytes));
    try (InputStream in = entity.getContent()) {
      in.readAllBytes();
    }
    entity.close();
    assertEquals(List.of("attempt 5", "call 5"), ends);
  }

  @Test
  void aCallJoiningAfterTheEndHearsAtOnce() throws IOException {
    TracedResponseEntity entity = entity();
    entity.close();
    entity.alsoOnEnd("call", bytes -> ends.add("call " + bytes));
    assertEquals(List.of("attempt 0", "call 0"), ends);
  }

  @Test
  void aThrowingCallListenerDoesNotEscape() throws IOException {
    TracedResponseEntity entity = entity();
    entity.alsoOnEnd("call", bytes -> {
      throw new IllegalStateException("listener bug");
    });
    entity.close();
    assertEquals(List.of("attempt 0"), ends);
  }
}
