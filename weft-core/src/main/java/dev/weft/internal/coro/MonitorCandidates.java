package dev.weft.internal.coro;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects whose monitors an async block's body may hold across an await: what
 * {@link MonitorGuard} asks {@link Thread#holdsLock} about before a suspension.
 *
 * <p>The JVM tells no cheap way which monitors a thread holds (see {@link MonitorGuard}), but it
 * answers {@code holdsLock(x)} for a given {@code x} in about 16 ns. So the question becomes
 * which objects to ask about: the objects that the body's code reaches by name and that some
 * code locks, as read from the class files ({@link LockSites}). Starting from the body:
 * <ol>
 *   <li>A lambda or method reference (a hidden class) runs code of the class it was written in.
 *       If that class's code locks a parameter
 *       ({@code synchronized (lock)} on a captured local: a lambda body's parameters are what
 *       it captured), every value the lambda captured is a candidate. If it locks a field
 *       ({@code synchronized (svc.lock)}), that field of each captured object of the field's
 *       class is one. Static fields it locks, and classes ({@code synchronized (Foo.class)},
 *       or a {@code static synchronized} method it calls), are too.
 *   <li>Each captured value is then examined by its own class's code: an object whose class
 *       (or a superclass) locks {@code this} ({@code synchronized} methods, or
 *       {@code synchronized (this)}, also inside lambdas written there: the enclosing instance
 *       of a lambda is captured) is a candidate; so are the fields and statics that code locks.
 *       A captured lambda is examined as in rule 1.
 *   <li>A JDK object is a candidate if its class has {@code synchronized} methods
 *       ({@code StringBuffer}, {@code Vector}); weft's own objects never are.
 * </ol>
 * A field that the application's module does not open to weft is skipped, as is a class whose
 * class file cannot be read.
 *
 * <p>What this misses: a monitor on an object the body reaches only through a call or through
 * a field of a field ({@code synchronized (a.b.lock)}, {@code synchronized (registry())}). An
 * await under such a monitor still suspends with it held.
 *
 * <p>{@link #snapshot} runs once per block, at its first pending await: the values are read
 * then (captured values cannot change; a lock field or static that is reassigned later is not
 * seen). For most bodies the result is {@link #NONE}, and the check before each suspension is
 * a length test.
 */
final class MonitorCandidates {
  /** How many objects deep rule 2 follows captured lambdas. */
  static final int MAX_DEPTH = 4;

  /** No candidates: the snapshot of most bodies. */
  static final Object[] NONE = {};

  private static final Field[] NO_FIELDS = {};
  private static final Class<?>[] NO_CLASSES = {};

  private static final ClassValue<MonitorCandidates> OF_CLASS = new ClassValue<>() {
    @Override
    protected MonitorCandidates computeValue(Class<?> c) {
      try {
        return describe(c);
      } catch (LinkageError undescribable) {
        // Reflection on c needs a class this JVM cannot load (a field's type, a nest member):
        // the check is best effort, and an await must not fail for it. c is taken to lock
        // nothing; the reason stays in the description, for a debugger or a heap dump.
        return new MonitorCandidates(undescribable);
      }
    }
  };

  private static final ClassValue<LockSites> SITES = new ClassValue<>() {
    @Override
    protected LockSites computeValue(Class<?> c) {
      return LockSites.of(c);
    }
  };

  private static final MonitorCandidates EMPTY = new MonitorCandidates(
      false, NO_FIELDS, false, NO_FIELDS, NO_FIELDS, NO_FIELDS, NO_CLASSES);

  private final boolean self;             // instances are locked by their class's code
  private final Field[] captured;         // a lambda's captured values
  private final boolean lockCaptured;     // ... each of which is a candidate
  private final Field[] capturedFields;   // fields locked on captured objects of their class
  private final Field[] ownFields;        // this object's fields that its class's code locks
  private final Field[] statics;          // static fields the code locks
  private final Class<?>[] classes;       // classes the code locks
  private final boolean empty;
  private final LinkageError undescribable; // why reflection could not describe the class

  private MonitorCandidates(LinkageError undescribable) {
    this(false, NO_FIELDS, false, NO_FIELDS, NO_FIELDS, NO_FIELDS, NO_CLASSES, undescribable);
  }

  private MonitorCandidates(boolean self, Field[] captured, boolean lockCaptured,
      Field[] capturedFields, Field[] ownFields, Field[] statics, Class<?>[] classes) {
    this(self, captured, lockCaptured, capturedFields, ownFields, statics, classes, null);
  }

  private MonitorCandidates(boolean self, Field[] captured, boolean lockCaptured,
      Field[] capturedFields, Field[] ownFields, Field[] statics, Class<?>[] classes,
      LinkageError undescribable) {
    this.self = self;
    this.captured = captured;
    this.lockCaptured = lockCaptured;
    this.capturedFields = capturedFields;
    this.ownFields = ownFields;
    this.statics = statics;
    this.classes = classes;
    this.empty = !self && captured.length == 0 && ownFields.length == 0
        && statics.length == 0 && classes.length == 0;
    this.undescribable = undescribable;
  }

  /** The candidates of {@code body} (rules above), read now; {@link #NONE} if there are none. */
  static Object[] snapshot(Object body) {
    if (OF_CLASS.get(body.getClass()).empty) {
      return NONE; // most lambdas: nothing captured, nothing locked
    }
    Found found = new Found();
    collect(body, 0, found);
    return found.toArray();
  }

  /** The candidates found so far: a handful at most, kept in order, without duplicates. */
  private static final class Found {
    private Object[] items = NONE;
    private int size;

    void add(Object o) {
      for (int i = 0; i < size; i++) {
        if (items[i] == o) {
          return;
        }
      }
      if (size == items.length) {
        items = Arrays.copyOf(items, Math.max(4, size * 2));
      }
      items[size++] = o;
    }

    Object[] toArray() {
      return size == 0 ? NONE : Arrays.copyOf(items, size);
    }
  }

  /** The first of {@code candidates} whose monitor the current thread holds, or null. */
  static Object held(Object[] candidates) {
    for (Object c : candidates) {
      if (Thread.holdsLock(c)) {
        return c;
      }
    }
    return null;
  }

  private static void collect(Object x, int depth, Found found) {
    MonitorCandidates m = OF_CLASS.get(x.getClass());
    if (m.empty) {
      return;
    }
    if (m.self) {
      found.add(x);
    }
    for (Class<?> c : m.classes) {
      found.add(c);
    }
    addValues(m.statics, null, found);
    addValues(m.ownFields, x, found);
    for (Field f : m.captured) {
      Object v = read(f, x);
      if (v == null) {
        continue;
      }
      if (m.lockCaptured) {
        found.add(v);
      }
      for (Field lf : m.capturedFields) {
        Object lock = lf.getDeclaringClass().isInstance(v) ? read(lf, v) : null;
        if (lock != null) {
          found.add(lock);
        }
      }
      if (depth + 1 < MAX_DEPTH) {
        collect(v, depth + 1, found);
      }
    }
  }

  private static void addValues(Field[] fields, Object owner, Found found) {
    for (Field f : fields) {
      Object v = read(f, owner);
      if (v != null) {
        found.add(v);
      }
    }
  }

  private static Object read(Field f, Object owner) {
    try {
      return f.get(owner);
    } catch (IllegalAccessException e) {
      // describe() keeps only fields it made accessible
      throw new IllegalStateException("weft could not read " + f + ", made accessible", e);
    }
  }

  /* ---- Per class ---- */

  private static MonitorCandidates describe(Class<?> c) {
    if (c.isArray() || c.isPrimitive()) {
      return EMPTY;
    }
    if (c.isHidden()) {
      return describeLambda(c);
    }
    if (isJdk(c)) {
      for (Class<?> k = c; k != null; k = k.getSuperclass()) {
        for (Method m : k.getDeclaredMethods()) {
          int mod = m.getModifiers();
          if (Modifier.isSynchronized(mod) && !Modifier.isStatic(mod)) {
            return new MonitorCandidates(
                true, NO_FIELDS, false, NO_FIELDS, NO_FIELDS, NO_FIELDS, NO_CLASSES);
          }
        }
      }
      return EMPTY;
    }
    if (isWeft(c)) {
      return EMPTY;
    }
    LockSites own = new LockSites();
    for (Class<?> k = c; k != null && !isJdk(k) && !isWeft(k); k = k.getSuperclass()) {
      merge(own, SITES.get(k));
    }
    ClassLoader loader = c.getClassLoader();
    return new MonitorCandidates(own.locksThis, NO_FIELDS, false, NO_FIELDS,
        instanceFields(own, loader, c), staticFields(own, loader), classes(own, loader));
  }

  /** Rule 1: a lambda, by the code of the class it was written in. */
  private static MonitorCandidates describeLambda(Class<?> c) {
    List<Field> captured = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
        captured.add(f);
      }
    }
    LockSites code = new LockSites();
    ClassLoader loader = c.getClassLoader();
    for (Class<?> k : writtenIn(c)) {
      if (!isJdk(k) && !isWeft(k)) {
        merge(code, SITES.get(k));
      }
    }
    return new MonitorCandidates(false, accessible(captured), code.locksParameters,
        instanceFields(code, loader, null), NO_FIELDS, staticFields(code, loader),
        classes(code, loader));
  }

  /**
   * The class whose code a lambda's class runs: named in the hidden class's name
   * ({@code com.acme.Cart$$Lambda/0x...}, the JDK's naming since 21); if that name does not
   * say, every class of its nest.
   */
  private static List<Class<?>> writtenIn(Class<?> lambda) {
    String name = lambda.getName();
    int cut = name.indexOf("$$Lambda");
    if (cut > 0) {
      Class<?> k = load(name.substring(0, cut), lambda.getClassLoader());
      if (k != null && k.getNestHost() == lambda.getNestHost()) {
        return List.of(k);
      }
    }
    return List.of(lambda.getNestHost().getNestMembers());
  }

  private static void merge(LockSites into, LockSites from) {
    into.locksThis |= from.locksThis;
    into.locksParameters |= from.locksParameters;
    into.fields.addAll(from.fields);
    into.statics.addAll(from.statics);
    into.classes.addAll(from.classes);
    into.staticCalls.addAll(from.staticCalls);
  }

  /**
   * The instance fields named in {@code sites}; with {@code of} given, only those declared by
   * {@code of} or a superclass.
   */
  private static Field[] instanceFields(LockSites sites, ClassLoader loader, Class<?> of) {
    List<Field> fields = new ArrayList<>();
    for (String name : sites.fields) {
      Field f = resolve(name, loader);
      if (f != null && !Modifier.isStatic(f.getModifiers())
          && (of == null || f.getDeclaringClass().isAssignableFrom(of))) {
        fields.add(f);
      }
    }
    return accessible(fields);
  }

  private static Field[] staticFields(LockSites sites, ClassLoader loader) {
    List<Field> fields = new ArrayList<>();
    for (String name : sites.statics) {
      Field f = resolve(name, loader);
      if (f != null && Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    return accessible(fields);
  }

  /** The classes the code locks: named, or whose static synchronized method it calls. */
  private static Class<?>[] classes(LockSites sites, ClassLoader loader) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    for (String name : sites.classes) {
      Class<?> k = load(name, loader);
      if (k != null) {
        classes.add(k);
      }
    }
    for (String call : sites.staticCalls) {
      int dot = call.lastIndexOf('.');
      Class<?> k = load(call.substring(0, dot), loader);
      if (k != null && !isWeft(k) && hasStaticSynchronized(k, call.substring(dot + 1))) {
        classes.add(k);
      }
    }
    return classes.toArray(NO_CLASSES);
  }

  private static boolean hasStaticSynchronized(Class<?> k, String method) {
    for (Method m : k.getDeclaredMethods()) {
      int mod = m.getModifiers();
      if (m.getName().equals(method) && Modifier.isStatic(mod) && Modifier.isSynchronized(mod)) {
        return true;
      }
    }
    return false;
  }

  /** The field "owner/Name.field", looked up from its owner up the superclasses, or null. */
  private static Field resolve(String name, ClassLoader loader) {
    int dot = name.lastIndexOf('.');
    for (Class<?> k = load(name.substring(0, dot), loader); k != null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (f.getName().equals(name.substring(dot + 1)) && !f.getType().isPrimitive()) {
          return f;
        }
      }
    }
    return null;
  }

  /** The class of a name ("a/b/C" or "a.b.C"), as the application's code sees it, or null. */
  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name.replace('/', '.'), false, loader);
    } catch (ClassNotFoundException | LinkageError notThere) {
      // A name in a class file that this loader cannot resolve: code that cannot run here
      // locks nothing here.
      return null;
    }
  }

  /** The fields that weft may read: those of a package not open to it are skipped. */
  private static Field[] accessible(List<Field> fields) {
    List<Field> readable = new ArrayList<>(fields.size());
    for (Field f : fields) {
      try {
        f.setAccessible(true);
        readable.add(f);
      } catch (InaccessibleObjectException closedModule) {
        // Not an error: a module that does not open its package keeps its fields to itself,
        // and a monitor held in one is not among the candidates (see the class comment).
      }
    }
    return readable.toArray(NO_FIELDS);
  }

  private static boolean isJdk(Class<?> c) {
    ClassLoader l = c.getClassLoader();
    return l == null || l == ClassLoader.getPlatformClassLoader();
  }

  /** weft's packages, for {@link #isWeft}. */
  private static final List<String> WEFT_PACKAGES = List.of("dev.weft.future.",
      "dev.weft.runtime.", "dev.weft.stream.", "dev.weft.sync.", "dev.weft.time.",
      "dev.weft.internal.");

  /**
   * A class of weft itself. Not one of its tests, which share its package names: a class of
   * weft's packages in weft's module when that is named, else with weft's protection domain
   * (a class loader gives every class of one jar or directory the same one).
   */
  private static boolean isWeft(Class<?> c) {
    String pkg = c.getPackageName() + ".";
    if (WEFT_PACKAGES.stream().noneMatch(pkg::startsWith)) {
      return false;
    }
    Module weft = MonitorCandidates.class.getModule();
    return weft.isNamed() ? c.getModule() == weft
        : c.getProtectionDomain() == MonitorCandidates.class.getProtectionDomain();
  }

  @Override
  public String toString() {
    if (undescribable != null) {
      return "MonitorCandidates[none: " + undescribable + "]";
    }
    return empty ? "MonitorCandidates[none]"
        : "MonitorCandidates[self=" + self + ", captured=" + captured.length + (lockCaptured
            ? " (locked)" : "") + ", fields=" + (capturedFields.length + ownFields.length)
            + ", statics=" + statics.length + ", classes=" + classes.length + "]";
  }
}
