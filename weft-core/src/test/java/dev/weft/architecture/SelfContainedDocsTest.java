package dev.weft.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: its sources and documents state a rule, or point at the class
 * or the page in the repository that states it, instead of citing a document that is not here.
 *
 * <ol>
 *   <li>No source file, build file or document of the repository cites the design notes, the
 *       API notes, the benchmark notes or the style notes the project started from, nor a
 *       numbered clarification or issue. Such a citation leaves the reader without the rule
 *       (and drifts: the notes changed while the code did not, which is how comments came to
 *       contradict the code).
 *   <li>docs/ARCHITECTURE.md names only types that exist, and members that their type's source
 *       mentions, so a rename that forgets the map fails here instead of leaving the map wrong.
 * </ol>
 */
class SelfContainedDocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SELF = Path.of("weft-core/src/test/java/dev/weft/architecture",
      SelfContainedDocsTest.class.getSimpleName() + ".java");

  /** What a citation of a document outside the repository looks like. */
  private static final Pattern CITATION = Pattern.compile(
      "\\b(?:API|DESIGN|BENCHMARKS|STYLE)\\.md\\b"
          + "|\\bDESIGN\\s*§"
          + "|(?i:\\bclarifications?\\s+\\d)"
          + "|(?i:\\bissues?\\s+#?\\d)");

  private static final Set<String> TEXT = Set.of(
      ".java", ".kt", ".rs", ".toml", ".md", ".xml", ".sh", ".txt", ".properties");
  private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", ".idea");

  @Test
  void noFileCitesADocumentOutsideTheRepository() throws IOException {
    assertTrue(Files.isRegularFile(ROOT.resolve("weft-core/pom.xml")), "not the repo: " + ROOT);
    List<String> citations = new ArrayList<>();
    for (Path f : repositoryTextFiles()) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = CITATION.matcher(lines.get(i));
        if (m.find()) {
          citations.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertEquals(List.of(), citations,
        "state the rule, or point at the class or docs/ page that holds it");
  }

  @Test
  void theArchitectureMapNamesWhatExists() throws IOException {
    // Every type declared in weft-core, nested ones included, with the file that declares it.
    Pattern declaration = Pattern.compile("\\b(?:class|interface|record|enum) ([A-Z]\\w*)");
    Map<String, Path> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("weft-core/src"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher d = declaration.matcher(Files.readString(p));
        while (d.find()) {
          sources.putIfAbsent(d.group(1), p);
        }
      }
    }
    String map = Files.readString(ROOT.resolve("docs/ARCHITECTURE.md"));
    // `Type`, `Type.member`, `Type.member(...)`, `Type<T>`: a backticked name in UpperCamelCase.
    Matcher m = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:<[^`]*>)?(?:\\.([a-z][A-Za-z0-9]*))?")
        .matcher(map);
    List<String> unknown = new ArrayList<>();
    while (m.find()) {
      String type = m.group(1);
      String member = m.group(2);
      Path source = sources.get(type);
      if (source == null) {
        if (!isJdkType(type) && !type.equals(type.toUpperCase())) { // RUNNING etc.: state bits
          unknown.add(type);
        }
      } else if (member != null && !Files.readString(source).contains(member)) {
        unknown.add(type + "." + member);
      }
    }
    assertEquals(List.of(), unknown, "docs/ARCHITECTURE.md names what weft-core does not have");
  }

  private static boolean isJdkType(String simpleName) {
    for (String pkg : List.of("java.lang", "java.util", "java.util.concurrent",
        "java.util.concurrent.locks", "java.util.concurrent.atomic")) {
      try {
        Class.forName(pkg + "." + simpleName, false, ClassLoader.getPlatformClassLoader());
        return true;
      } catch (ClassNotFoundException notThere) {
        // try the next package
      }
    }
    return false;
  }

  private static List<Path> repositoryTextFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(Files::isRegularFile)
          .filter(p -> !ROOT.relativize(p).equals(SELF))
          .filter(p -> isText(p) && !underSkippedDir(p))
          .forEach(out::add);
    }
    return out;
  }

  private static boolean isText(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return name.equals("weft") || (dot >= 0 && TEXT.contains(name.substring(dot)));
  }

  private static boolean underSkippedDir(Path p) {
    for (Path part : ROOT.relativize(p)) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }
}
