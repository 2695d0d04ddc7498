package io.github.httptrace.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The public types an artifact exports, read from its compiled classes: a type counts when it and every type
 * enclosing it are public, and it is not in a package named {@code internal} (which the docs say is not API). Each
 * artifact's {@code PublicApiTest} compares them with its documented API, so a type made public by accident fails
 * the build.
 */
public final class PublicTypes {
  private PublicTypes() {}

  /** The exported types under {@code classes} (a module's {@code target/classes}), as binary names, sorted. */
  public static List<String> of(Path classes) {
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .filter(file -> file.toString().endsWith(".class"))
          .map(file -> classes.relativize(file).toString().replace(java.io.File.separatorChar, '.'))
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .filter(name -> !name.endsWith("package-info") && !name.contains(".internal."))
          .filter(PublicTypes::exported)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean exported(String name) {
    Class<?> type;
    try {
      type = Class.forName(name, false, PublicTypes.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not on the test class path: " + name, e);
    }
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) return false;
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) return false;
    }
    return true;
  }
}
