package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Super classes and interfaces of the classes the weaver meets, read from class files (the
 * folder being woven first, then the class path) without loading any class: the weaver runs in
 * a build tool, whose class loader has neither the project's classes nor its dependencies.
 *
 * <p>A class it cannot find makes every question about it throw {@link Missing}; the block that
 * needed the answer is then left unwoven, since a guess could miscompile.
 */
final class ClassHierarchy {

  /** What the weaver needs to know of one class. */
  record Info(String name, String superName, List<String> interfaces, boolean isInterface,
      boolean isPublic) {}

  /** A class the weaver needed but found neither in the folder nor on the class path. */
  static final class Missing extends RuntimeException {
    final String className;

    Missing(String className) {
      super("class " + className.replace('/', '.') + " is not on the weaver's class path");
      this.className = className;
    }
  }

  private final Function<String, byte[]> folder;
  private final ClassLoader classPath;
  private final Map<String, Info> known = new HashMap<>();

  /**
   * @param folder the class file of an internal name in the woven folder, or null
   * @param classPath where the rest is found (as resources: nothing is loaded)
   */
  ClassHierarchy(Function<String, byte[]> folder, ClassLoader classPath) {
    this.folder = folder;
    this.classPath = classPath;
  }

  /** Registers a class made by the weaver itself. */
  void define(Info info) {
    known.put(info.name(), info);
  }

  Info info(String name) {
    Info i = known.get(name);
    if (i == null) {
      i = read(name);
      known.put(name, i);
    }
    return i;
  }

  private Info read(String name) {
    byte[] bytes = folder.apply(name);
    if (bytes == null) {
      try (InputStream in = classPath.getResourceAsStream(name + ".class")) {
        if (in == null) {
          throw new Missing(name);
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new Missing(name);
      }
    }
    ClassReader r = new ClassReader(bytes);
    return new Info(name, r.getSuperName(), List.of(r.getInterfaces()),
        (r.getAccess() & Opcodes.ACC_INTERFACE) != 0, (r.getAccess() & Opcodes.ACC_PUBLIC) != 0);
  }

  boolean isInterface(String name) {
    return info(name).isInterface();
  }

  /** True if code in class {@code from} may name class {@code type} (public, or same package). */
  boolean isAccessible(String type, String from) {
    return info(type).isPublic() || packageOf(type).equals(packageOf(from));
  }

  static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash);
  }

  /** The super class, or null for java/lang/Object (interfaces answer java/lang/Object). */
  String superName(String name) {
    return info(name).superName();
  }

  /** True if {@code sub} is {@code sup} or extends or implements it, directly or not. */
  boolean isSubtype(String sub, String sup) {
    if (sub.equals(sup) || sup.equals("java/lang/Object")) {
      return true;
    }
    List<String> todo = new ArrayList<>();
    todo.add(sub);
    while (!todo.isEmpty()) {
      String c = todo.remove(todo.size() - 1);
      if (c.equals(sup)) {
        return true;
      }
      Info i = info(c);
      if (i.superName() != null) {
        todo.add(i.superName());
      }
      todo.addAll(i.interfaces());
    }
    return false;
  }

  /** {@code ClassWriter.getCommonSuperClass}'s answer, from class files. */
  String commonSuperClass(String a, String b) {
    Objects.requireNonNull(a);
    Objects.requireNonNull(b);
    if (isSubtype(b, a)) {
      return a;
    }
    if (isSubtype(a, b)) {
      return b;
    }
    if (isInterface(a) || isInterface(b)) {
      return "java/lang/Object";
    }
    String c = a;
    do {
      c = superName(c);
      if (c == null) {
        return "java/lang/Object";
      }
    } while (!isSubtype(b, c));
    return c;
  }
}
