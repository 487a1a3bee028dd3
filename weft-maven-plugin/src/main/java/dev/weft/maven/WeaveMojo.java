package dev.weft.maven;

import dev.weft.weaver.WeaveReport;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Weaves the async lambdas of a module's compiled classes into stackless state machines, in
 * place, right after compilation. Bound to {@code process-classes} for the main classes; an
 * execution with {@code <tests>true</tests>}, bound to {@code process-test-classes}, weaves the
 * test classes.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.weft</groupId>
 *   <artifactId>weft-maven-plugin</artifactId>
 *   <executions>
 *     <execution><id>weave</id><goals><goal>weave</goal></goals></execution>
 *     <execution>
 *       <id>weave-tests</id><phase>process-test-classes</phase><goals><goal>weave</goal></goals>
 *       <configuration><tests>true</tests></configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * The report (every block: woven, or left on the continuation engine with the reason) is
 * written to {@code target/weft-weave/main.txt} or {@code test.txt}; an await inside
 * {@code synchronized} fails the build with its line.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.TEST)
public class WeaveMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Weave the test classes instead of the main classes. */
  @Parameter(property = "weft.weave.tests", defaultValue = "false")
  private boolean tests;

  /**
   * Classes to leave on the continuation engine, as dotted name patterns ({@code *}: part of
   * one name segment, {@code **}: anything; a pattern that matches an outer class covers its
   * nested classes).
   */
  @Parameter
  private List<String> excludes = new ArrayList<>();

  /** Skip weaving ({@code -Dweft.weave.skip}). */
  @Parameter(property = "weft.weave.skip", defaultValue = "false")
  private boolean skip;

  /** List every block in the build log, not only the summary and the errors. */
  @Parameter(property = "weft.weave.verbose", defaultValue = "false")
  private boolean verbose;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("weft weave: skipped");
      return;
    }
    Path dir = Path.of(tests ? project.getBuild().getTestOutputDirectory()
        : project.getBuild().getOutputDirectory());
    if (!Files.isDirectory(dir)) {
      getLog().info("weft weave: no classes in " + dir);
      return;
    }
    List<Path> classPath = new ArrayList<>();
    try {
      List<String> elements = tests ? project.getTestClasspathElements()
          : project.getCompileClasspathElements();
      for (String e : elements) {
        Path p = Path.of(e);
        if (!p.equals(dir)) {
          classPath.add(p);
        }
      }
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("weft weave: the class path is not resolved", e);
    }
    Weaver w = Weaver.builder(dir).classPath(classPath);
    excludes.forEach(w::exclude);
    WeaveReport r;
    Path report = Path.of(project.getBuild().getDirectory(), "weft-weave",
        tests ? "test.txt" : "main.txt");
    try {
      r = w.weave();
      Files.createDirectories(report.getParent());
      Files.writeString(report, r.text());
    } catch (IOException e) {
      throw new MojoExecutionException("weft weave: " + e.getMessage(), e);
    }
    getLog().info("weft weave " + project.getBasedir().toPath().relativize(dir) + ": "
        + r.summary() + " (report: " + report + ")");
    for (WeaveReport.Entry e : r.entries()) {
      if (e.status() == WeaveReport.Status.ERROR) {
        getLog().error(e.toString());
      } else if (verbose) {
        getLog().info(e.toString());
      }
    }
    if (r.hasErrors()) {
      throw new MojoFailureException("weft weave: " + r.entries(WeaveReport.Status.ERROR).size()
          + " async block(s) cannot be compiled; see the errors above");
    }
  }
}
