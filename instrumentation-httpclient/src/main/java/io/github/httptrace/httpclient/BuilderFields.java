package io.github.httptrace.httpclient;

import java.lang.reflect.Field;
import java.util.Optional;

/**
 * Guarded reads of a builder's private configuration, which HttpClient offers no getter for (or, for the client
 * builder's connection manager, only from 5.6). Only builders are read, never built objects, and nothing is written
 * here: what decoration changes goes through the builders' public setters. A field that is not there (a renamed
 * field in a later version) or not readable (a module that does not open its package) reads as empty.
 */
final class BuilderFields {
  private BuilderFields() {}

  /** The value of {@code owner}'s field {@code name} (declared by its class or a superclass), if it can be read. */
  static Optional<Read> read(Object owner, String name) {
    for (Class<?> type = owner.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      Field field;
      try {
        field = type.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        continue;
      } catch (RuntimeException | LinkageError e) {
        return Optional.empty();
      }
      try {
        field.setAccessible(true);
        return Optional.of(new Read(field.get(owner)));
      } catch (RuntimeException | IllegalAccessException | LinkageError e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A field's value, which may be null. */
  record Read(Object value) {
    /** Whether the value is null or a {@code type}. */
    boolean isNullOr(Class<?> type) {
      return value == null || type.isInstance(value);
    }
  }
}
