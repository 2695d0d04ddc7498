package io.github.httptrace.it.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import io.github.httptrace.it.release.Reactor.Module;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public or protected type, constructor, method, field and enum constant of a published module has a doc
 * comment: what a user sees in the IDE. The javadoc build's doclint catches broken references and bad HTML; its
 * "missing" group is off because it also demands an @param and @return on every documented method (the root pom says
 * why), so this is where an undocumented API fails the build.
 *
 * <p>The sources are parsed, not compiled: the check needs no class path, and reads them as a maintainer wrote them.
 * A method marked {@code @Override} inherits its documentation, as javadoc shows it. The javax modules have no
 * sources of their own (they are made from the jakarta ones, checked here).
 */
class PublicApiIsDocumentedTest {

  @Test
  void everyPublishedModulesApiIsDocumented() throws IOException {
    List<String> undocumented = new ArrayList<>();
    int modulesRead = 0;
    for (Module m : Reactor.modules()) {
      Path sources = m.dir().resolve("src/main/java");
      if (m.publishedJar() && Files.isDirectory(sources)) {
        modulesRead++;
        try (Stream<Path> files = Files.walk(sources)) {
          List<Path> java = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
          for (JavaFileObject file : fileManager().getJavaFileObjectsFromPaths(java)) {
            undocumented.addAll(undocumented(file, Reactor.root()));
          }
        }
      }
    }
    assertTrue(modulesRead > 0, "no published module's sources found under " + Reactor.root());
    if (!undocumented.isEmpty()) {
      fail(undocumented.size() + " public or protected declaration(s) without a doc comment:\n"
          + String.join("\n", undocumented));
    }
  }

  /** The check itself, on a source that breaks each rule once and keeps each exemption once. */
  @Test
  void findsWhatJavadocWouldShowUndocumented() {
    String source = """
        package p;
        /** Documented. */
        public class A {
          public A(int x) {}
          /** Documented. */ public void documented() {}
          public void undocumentedMethod() {}
          protected int undocumentedField;
          @Override public String toString() { return ""; }
          void packagePrivate() {}
          private void hidden() {}
          public static class Nested {}
          private static class Hidden { public void notApi() {} }
          /** Documented. */ public enum E { /** Documented. */ ONE, TWO }
          /** Documented. */ public interface I { void implicitlyPublic(); private void hidden() {} }
          /** Documented. */ public record R(int component) {}
          /** Documented. */ public static class WithDefaultConstructor {}
          /** Documented. */ public void body() { new Object() { public void anonymous() {} }; }
        }
        class PackagePrivate { public void notApi() {} }
        """;
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///p/A.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    List<String> found = undocumented(file, null).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    assertEquals(List.of(
        "constructor A(..)",
        "method A.undocumentedMethod(..)",
        "field A.undocumentedField",
        "type A.Nested",
        "default constructor of A.Nested",
        "enum constant A.E.TWO",
        "method A.I.implicitlyPublic(..)",
        "default constructor of A.WithDefaultConstructor"), found);
  }

  private static StandardJavaFileManager fileManager() {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    return javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
  }

  private static List<String> undocumented(JavaFileObject file, Path root) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavacTask task = (JavacTask) javac.getTask(null, fileManager(), null, List.of("-proc:none"), null, List.of(file));
    DocTrees trees = DocTrees.instance(task);
    List<String> found = new ArrayList<>();
    try {
      for (CompilationUnitTree unit : task.parse()) {
        String where = root == null ? file.getName() : root.relativize(Path.of(unit.getSourceFile().toUri())).toString();
        TreePath unitPath = new TreePath(unit);
        for (Tree type : unit.getTypeDecls()) {
          if (type instanceof ClassTree c && c.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
            new Walk(trees, unit, where, found).type(new TreePath(unitPath, c), "");
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot parse " + file.getName(), e);
    }
    return found;
  }

  /** A walk down the visible types: members of a type nobody outside its package sees are not API. */
  private record Walk(DocTrees trees, CompilationUnitTree unit, String file, List<String> found) {

    void type(TreePath path, String outer) {
      ClassTree c = (ClassTree) path.getLeaf();
      String name = outer + c.getSimpleName();
      require(path, "type " + name);
      boolean inInterface = c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE;
      boolean hasConstructor = false;
      for (Tree member : c.getMembers()) {
        TreePath memberPath = new TreePath(path, member);
        if (member instanceof MethodTree m && m.getReturnType() == null) {
          hasConstructor = true;
          // An enum's constructors are private whatever they say.
          if (c.getKind() != Tree.Kind.ENUM && visible(m.getModifiers(), false)) {
            require(memberPath, "constructor " + name + "(..)");
          }
        } else if (member instanceof MethodTree m) {
          if (visible(m.getModifiers(), inInterface) && !overrides(m.getModifiers())) {
            require(memberPath, "method " + name + "." + m.getName() + "(..)");
          }
        } else if (member instanceof VariableTree v) {
          // A record's instance fields are its components, documented by the record's @param tags.
          if (c.getKind() == Tree.Kind.RECORD && !v.getModifiers().getFlags().contains(Modifier.STATIC)) {
            continue;
          }
          boolean enumConstant = c.getKind() == Tree.Kind.ENUM && isEnumConstant(v, c);
          if (enumConstant || visible(v.getModifiers(), inInterface)) {
            require(memberPath, (enumConstant ? "enum constant " : "field ") + name + "." + v.getName());
          }
        } else if (member instanceof ClassTree nested && visible(nested.getModifiers(), inInterface)) {
          type(memberPath, name + ".");
        }
      }
      if (c.getKind() == Tree.Kind.CLASS && !hasConstructor) {
        found.add(file + " default constructor of " + name);
      }
    }

    private void require(TreePath path, String what) {
      if (trees.getDocCommentTree(path) == null) {
        long line = unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, path.getLeaf()));
        found.add(file + ":" + line + " " + what);
      }
    }

    private static boolean visible(ModifiersTree modifiers, boolean inInterface) {
      var flags = modifiers.getFlags();
      if (inInterface) {
        return !flags.contains(Modifier.PRIVATE);
      }
      return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED);
    }

    private static boolean overrides(ModifiersTree modifiers) {
      for (AnnotationTree a : modifiers.getAnnotations()) {
        String type = a.getAnnotationType().toString();
        if (type.equals("Override") || type.equals("java.lang.Override")) {
          return true;
        }
      }
      return false;
    }

    /** Parsed, an enum constant is a field whose initializer creates the enum itself. */
    private static boolean isEnumConstant(VariableTree v, ClassTree theEnum) {
      return v.getInitializer() instanceof NewClassTree n
          && n.getIdentifier().toString().equals(theEnum.getSimpleName().toString());
    }
  }
}
