package dev.weft.internal.coro;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What one class's bytecode locks: read from its class file, for {@link MonitorCandidates}.
 *
 * <p>A {@code synchronized (expr)} statement compiles to {@code monitorenter} on the value of
 * {@code expr} (javac: {@code expr; dup; astore n; monitorenter}; Kotlin's {@code synchronized}:
 * {@code expr; astore n; ...; aload n; monitorenter}). The scan walks each method's code once,
 * in order, remembering where the value on top of the stack came from (through {@code dup},
 * {@code checkcast} and stores into locals) and, at each {@code monitorenter}, records that
 * source:
 * <ul>
 *   <li>{@code this} ({@code aload_0} in an instance method, lambdas' bodies included): the
 *       class locks its own instances ({@link #locksThis});
 *   <li>{@code getfield C.f}: instances' field {@code f} of {@code C} ({@link #fields});
 *   <li>{@code getstatic C.f}: the static field ({@link #statics});
 *   <li>a class literal: that class ({@link #classes});
 *   <li>a parameter (a lambda body's parameters are the values it captured):
 *       {@link #locksParameters}.
 * </ul>
 * {@code synchronized} methods add {@code this} or the class, and each {@code invokestatic} is
 * recorded ({@link #staticCalls}: a {@code static synchronized} method called locks its
 * class). Any other source (a call's result) is not recorded. Branches are not followed, so a
 * local's source is the last one stored in code order: a heuristic that holds for the code
 * compilers emit for {@code synchronized}.
 *
 * <p>A class whose file cannot be read or parsed is taken to lock nothing, with the reason in
 * {@link #unreadable}: the check is best effort (see
 * {@link MonitorCandidates}), and an await in such a class behaves as before.
 */
final class LockSites {
  boolean locksThis;
  boolean locksParameters;
  final Set<String> fields = new HashSet<>();  // "owner/Internal/Name.field"
  final Set<String> statics = new HashSet<>(); // "owner/Internal/Name.field"
  final Set<String> classes = new HashSet<>(); // internal names ("java/lang/Object")
  final Set<String> staticCalls = new HashSet<>(); // "owner/Internal/Name.method" called
  Exception unreadable;

  /** The lock sites of {@code c}'s own code (not its superclasses'), from its class file. */
  static LockSites of(Class<?> c) {
    String resource = "/" + c.getName().replace('.', '/') + ".class";
    try (InputStream in = c.getResourceAsStream(resource)) {
      if (in == null) {
        return unreadable(new IOException("no class file " + resource + " for " + c));
      }
      return scan(in.readAllBytes());
    } catch (IOException | MalformedClassFile e) {
      return unreadable(e);
    }
  }

  private static LockSites unreadable(Exception why) {
    LockSites s = new LockSites();
    s.unreadable = why;
    return s;
  }

  /** Thrown by the scan for a class file it cannot read. */
  static final class MalformedClassFile extends Exception {
    MalformedClassFile(String message) {
      super(message);
    }
  }

  /* ---- The scan ---- */

  private static final int ACC_STATIC = 0x0008;
  private static final int ACC_SYNCHRONIZED = 0x0020;

  // Where a value on the operand stack came from (index into the constant pool for the field
  // and class kinds). NONE: anything else.
  private static final int NONE = 0;
  private static final int THIS = 1;
  private static final int PARAM = 2;
  private static final int FIELD = 3;
  private static final int STATIC = 4;
  private static final int CLASS = 5;

  static LockSites scan(byte[] b) throws MalformedClassFile {
    ClassBytes r = new ClassBytes(b);
    if (r.u4() != 0xCAFEBABEL) {
      throw new MalformedClassFile("not a class file");
    }
    r.skip(4); // minor and major version
    int count = r.u2();
    int[] offsets = new int[count]; // where each constant's body starts
    byte[] tags = new byte[count];
    for (int i = 1; i < count; i++) {
      tags[i] = (byte) r.u1();
      offsets[i] = r.pos;
      switch (tags[i]) {
        case 1 -> r.skip(r.u2());                   // Utf8
        case 3, 4, 9, 10, 11, 12, 17, 18 -> r.skip(4);
        case 5, 6 -> {                               // Long, Double: two entries
          r.skip(8);
          i++;
        }
        case 7, 8, 16, 19, 20 -> r.skip(2);
        case 15 -> r.skip(3);                        // MethodHandle
        default -> throw new MalformedClassFile("constant tag " + tags[i]);
      }
    }
    ConstantPool cp = new ConstantPool(r, offsets, tags);
    r.skip(6); // access flags, this class, super class
    r.skip(2 * r.u2()); // interfaces
    int fields = r.u2();
    for (int i = 0; i < fields; i++) {
      r.skip(6);
      skipAttributes(r);
    }
    LockSites sites = new LockSites();
    int methods = r.u2();
    for (int i = 0; i < methods; i++) {
      int access = r.u2();
      r.skip(2); // name
      String descriptor = cp.utf8(r.u2());
      if ((access & ACC_SYNCHRONIZED) != 0) {
        if ((access & ACC_STATIC) != 0) {
          sites.classes.add(cp.thisClass());
        } else {
          sites.locksThis = true;
        }
      }
      int attributes = r.u2();
      for (int a = 0; a < attributes; a++) {
        String name = cp.utf8(r.u2());
        int length = (int) r.u4();
        int end = r.pos + length;
        if (name.equals("Code")) {
          r.skip(4); // max stack, max locals
          int codeLength = (int) r.u4();
          scanCode(r, r.pos, codeLength, parameterSlots(descriptor, access), access, cp, sites);
        }
        r.pos = end;
      }
    }
    return sites;
  }

  private static void scanCode(ClassBytes r, int start, int length, int params, int access,
      ConstantPool cp, LockSites sites) throws MalformedClassFile {
    boolean isStatic = (access & ACC_STATIC) != 0;
    int[] localKind = new int[256];
    int[] localRef = new int[256];
    int kind = NONE; // the source of the value on top of the stack
    int ref = 0;
    boolean afterDup = false;
    int end = start + length;
    for (int pc = start; pc < end; ) {
      int op = r.at(pc);
      int nextKind = NONE;
      int nextRef = 0;
      boolean dup = false;
      int local = -1;
      switch (op) {
        case 0x2a, 0x2b, 0x2c, 0x2d -> local = op - 0x2a;   // aload_n
        case 0x19 -> local = r.at(pc + 1);                  // aload n
        case 0x4b, 0x4c, 0x4d, 0x4e, 0x3a -> {              // astore_n, astore n
          int n = op == 0x3a ? r.at(pc + 1) : op - 0x4b;
          if (n < localKind.length) {
            localKind[n] = kind;
            localRef[n] = ref;
          }
          if (afterDup) { // dup; astore: the value is still on the stack
            nextKind = kind;
            nextRef = ref;
          }
        }
        case 0xb4 -> {                                      // getfield
          nextKind = FIELD;
          nextRef = r.u2At(pc + 1);
        }
        case 0xb2 -> {                                      // getstatic
          nextKind = STATIC;
          nextRef = r.u2At(pc + 1);
        }
        case 0x12, 0x13 -> {                                // ldc, ldc_w
          int index = op == 0x12 ? r.at(pc + 1) : r.u2At(pc + 1);
          if (cp.tag(index) == 7) {
            nextKind = CLASS;
            nextRef = index;
          }
        }
        case 0x59, 0xc0 -> {                                // dup, checkcast: same value
          nextKind = kind;
          nextRef = ref;
          dup = op == 0x59;
        }
        case 0xc2 -> record(kind, ref, cp, sites);          // monitorenter
        case 0xb8 -> sites.staticCalls.add(cp.memberName(r.u2At(pc + 1))); // invokestatic
        default -> { }
      }
      if (local >= 0) {
        if (local < localKind.length && localKind[local] != NONE) {
          nextKind = localKind[local];
          nextRef = localRef[local];
        } else if (!isStatic && local == 0) {
          nextKind = THIS;
        } else if (local < params) {
          nextKind = PARAM;
        }
      }
      kind = nextKind;
      ref = nextRef;
      afterDup = dup;
      pc += instructionLength(r, pc, start);
    }
  }

  private static void record(int kind, int ref, ConstantPool cp, LockSites sites)
      throws MalformedClassFile {
    switch (kind) {
      case THIS -> sites.locksThis = true;
      case PARAM -> sites.locksParameters = true;
      case FIELD -> sites.fields.add(cp.memberName(ref));
      case STATIC -> sites.statics.add(cp.memberName(ref));
      case CLASS -> sites.classes.add(cp.className(ref));
      default -> { }
    }
  }

  /** The local-variable slots the parameters take, {@code this} included. */
  private static int parameterSlots(String descriptor, int access) throws MalformedClassFile {
    int slots = (access & ACC_STATIC) != 0 ? 0 : 1;
    int n = descriptor.length();
    int i = 1; // after '('
    while (i < n && descriptor.charAt(i) != ')') {
      boolean array = false;
      while (i < n && descriptor.charAt(i) == '[') {
        array = true;
        i++;
      }
      if (i >= n) {
        throw new MalformedClassFile("descriptor " + descriptor);
      }
      char c = descriptor.charAt(i);
      if (c == 'L') {
        i = descriptor.indexOf(';', i);
        if (i < 0) {
          throw new MalformedClassFile("descriptor " + descriptor);
        }
      }
      slots += !array && (c == 'J' || c == 'D') ? 2 : 1;
      i++;
    }
    return slots;
  }

  private static int instructionLength(ClassBytes r, int pc, int codeStart)
      throws MalformedClassFile {
    int op = r.at(pc);
    if (op == 0xaa || op == 0xab) { // tableswitch, lookupswitch: padded to 4 bytes
      int p = pc + 1;
      p += (4 - ((p - codeStart) & 3)) & 3;
      if (op == 0xaa) {
        int low = r.s4At(p + 4);
        int high = r.s4At(p + 8);
        return p + 12 + 4 * (high - low + 1) - pc;
      }
      return p + 8 + 8 * r.s4At(p + 4) - pc;
    }
    if (op == 0xc4) { // wide
      return r.at(pc + 1) == 0x84 ? 6 : 4;
    }
    if (op >= LENGTHS.length || LENGTHS[op] == 0) {
      throw new MalformedClassFile("opcode " + op);
    }
    return LENGTHS[op];
  }

  /** Instruction lengths by opcode (0: variable or invalid, handled above). */
  private static final byte[] LENGTHS = new byte[202];

  static {
    Arrays.fill(LENGTHS, (byte) 1);
    LENGTHS[0x10] = 2; // bipush
    LENGTHS[0x11] = 3; // sipush
    LENGTHS[0x12] = 2; // ldc
    LENGTHS[0x13] = 3; // ldc_w
    LENGTHS[0x14] = 3; // ldc2_w
    for (int op = 0x15; op <= 0x19; op++) {
      LENGTHS[op] = 2; // iload .. aload
    }
    for (int op = 0x36; op <= 0x3a; op++) {
      LENGTHS[op] = 2; // istore .. astore
    }
    LENGTHS[0x84] = 3; // iinc
    for (int op = 0x99; op <= 0xa8; op++) {
      LENGTHS[op] = 3; // if<cond>, goto, jsr
    }
    LENGTHS[0xa9] = 2; // ret
    LENGTHS[0xaa] = 0; // tableswitch
    LENGTHS[0xab] = 0; // lookupswitch
    for (int op = 0xb2; op <= 0xb8; op++) {
      LENGTHS[op] = 3; // get/put static/field, invokevirtual/special/static
    }
    LENGTHS[0xb9] = 5; // invokeinterface
    LENGTHS[0xba] = 5; // invokedynamic
    LENGTHS[0xbb] = 3; // new
    LENGTHS[0xbc] = 2; // newarray
    LENGTHS[0xbd] = 3; // anewarray
    LENGTHS[0xc0] = 3; // checkcast
    LENGTHS[0xc1] = 3; // instanceof
    LENGTHS[0xc4] = 0; // wide
    LENGTHS[0xc5] = 4; // multianewarray
    LENGTHS[0xc6] = 3; // ifnull
    LENGTHS[0xc7] = 3; // ifnonnull
    LENGTHS[0xc8] = 5; // goto_w
    LENGTHS[0xc9] = 5; // jsr_w
  }

  private static void skipAttributes(ClassBytes r) throws MalformedClassFile {
    int n = r.u2();
    for (int i = 0; i < n; i++) {
      r.skip(2);
      r.skip((int) r.u4());
    }
  }

  /** The bytes of a class file, read big-endian with bounds checks. */
  private static final class ClassBytes {
    final byte[] b;
    int pos;

    ClassBytes(byte[] b) {
      this.b = b;
    }

    int at(int i) throws MalformedClassFile {
      if (i < 0 || i >= b.length) {
        throw new MalformedClassFile("truncated at " + i);
      }
      return b[i] & 0xff;
    }

    int u2At(int i) throws MalformedClassFile {
      return (at(i) << 8) | at(i + 1);
    }

    int s4At(int i) throws MalformedClassFile {
      return (u2At(i) << 16) | u2At(i + 2);
    }

    int u1() throws MalformedClassFile {
      return at(pos++);
    }

    int u2() throws MalformedClassFile {
      int v = u2At(pos);
      pos += 2;
      return v;
    }

    long u4() throws MalformedClassFile {
      long v = s4At(pos) & 0xffffffffL;
      pos += 4;
      return v;
    }

    void skip(int n) throws MalformedClassFile {
      if (n < 0 || pos + n > b.length) {
        throw new MalformedClassFile("truncated at " + pos);
      }
      pos += n;
    }
  }

  /** The constant pool of a class file: the entries this scan reads. */
  private static final class ConstantPool {
    final ClassBytes r;
    final int[] offsets;
    final byte[] tags;
    final int thisClass;

    ConstantPool(ClassBytes r, int[] offsets, byte[] tags) throws MalformedClassFile {
      this.r = r;
      this.offsets = offsets;
      this.tags = tags;
      this.thisClass = r.u2At(r.pos + 2); // after the access flags, which follow the pool
    }

    int tag(int i) {
      return i > 0 && i < tags.length ? tags[i] : 0;
    }

    String utf8(int i) throws MalformedClassFile {
      if (tag(i) != 1) {
        throw new MalformedClassFile("constant " + i + " is not a string");
      }
      int at = offsets[i];
      int length = r.u2At(at);
      if (at + 2 + length > r.b.length) {
        throw new MalformedClassFile("truncated string " + i);
      }
      // Modified UTF-8 is UTF-8 for every name a compiler writes; names are compared, not shown
      return new String(r.b, at + 2, length, StandardCharsets.UTF_8);
    }

    String className(int i) throws MalformedClassFile {
      if (tag(i) != 7) {
        throw new MalformedClassFile("constant " + i + " is not a class");
      }
      return utf8(r.u2At(offsets[i]));
    }

    String thisClass() throws MalformedClassFile {
      return className(thisClass);
    }

    /** "owner/Name.member" of a field or method reference. */
    String memberName(int i) throws MalformedClassFile {
      if (tag(i) < 9 || tag(i) > 11) {
        throw new MalformedClassFile("constant " + i + " is not a member reference");
      }
      String owner = className(r.u2At(offsets[i]));
      int nameAndType = r.u2At(offsets[i] + 2);
      if (tag(nameAndType) != 12) {
        throw new MalformedClassFile("constant " + nameAndType + " is not a name and type");
      }
      return owner + "." + utf8(r.u2At(offsets[nameAndType]));
    }
  }
}
