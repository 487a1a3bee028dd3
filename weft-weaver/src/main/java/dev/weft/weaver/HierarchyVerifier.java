package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} answering from a {@link ClassHierarchy} instead of loading
 * classes, and telling an object made by {@code new} whose constructor has not run yet
 * ({@link Uninitialized}) from an initialised one, since such a value cannot be saved in a
 * field across an await.
 *
 * <p>As the JVM's verifier, it treats every interface type as assignable from any object type,
 * so a reference type it computes may be an interface the value does not implement; the weaver
 * never casts a restored value to an interface for that reason ({@link SpillPlan}).
 */
class HierarchyVerifier extends SimpleVerifier {

  /** A value made by {@code new} before its constructor ran; the instance is its identity. */
  static final class Uninitialized extends BasicValue {
    final AbstractInsnNode newInsn;

    Uninitialized(Type type, AbstractInsnNode newInsn) {
      super(type);
      this.newInsn = newInsn;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Uninitialized u && u.newInsn == newInsn;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(newInsn);
    }
  }

  private final ClassHierarchy hierarchy;

  HierarchyVerifier(ClassHierarchy hierarchy, Type currentClass, Type superClass,
      List<Type> interfaces, boolean isInterface) {
    super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
    this.hierarchy = hierarchy;
  }

  @Override
  public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
    if (insn.getOpcode() == Opcodes.NEW) {
      return new Uninitialized(Type.getObjectType(((TypeInsnNode) insn).desc), insn);
    }
    return super.newOperation(insn);
  }

  @Override
  public BasicValue merge(BasicValue a, BasicValue b) {
    boolean ua = a instanceof Uninitialized;
    boolean ub = b instanceof Uninitialized;
    if (ua || ub) {
      // javac never merges an uninitialised object with anything else; refusing is safe.
      return a.equals(b) ? a : BasicValue.UNINITIALIZED_VALUE;
    }
    return super.merge(a, b);
  }

  @Override
  protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
    Type e = expected.getType();
    Type v = value.getType();
    if (e != null && v != null && e.getSort() == Type.OBJECT
        && (v.getSort() == Type.OBJECT || v.getSort() == Type.ARRAY)
        && !(value instanceof Uninitialized)) {
      // What the superclass would ask of loaded classes, answered from the hierarchy.
      return isAssignableFrom(e, v);
    }
    return super.isSubTypeOf(value, expected);
  }

  @Override
  protected boolean isInterface(Type type) {
    return hierarchy.isInterface(type.getInternalName());
  }

  @Override
  protected Type getSuperClass(Type type) {
    String s = hierarchy.superName(type.getInternalName());
    return s == null ? null : Type.getObjectType(s);
  }

  @Override
  protected boolean isAssignableFrom(Type to, Type from) {
    if (to.equals(from) || from.getSort() == Type.OBJECT && from.getInternalName().equals("null")) {
      return true; // null is assignable to any reference type
    }
    if (to.getSort() == Type.ARRAY) {
      if (from.getSort() != Type.ARRAY || to.getDimensions() > from.getDimensions()) {
        return false;
      }
      Type te = to.getElementType();
      Type fe = from.getElementType();
      if (to.getDimensions() < from.getDimensions()) {
        // Object[] from String[][]: the remaining dimensions make an array, an object
        return te.getSort() == Type.OBJECT && isArrayCompatible(te.getInternalName());
      }
      if (te.getSort() != Type.OBJECT || fe.getSort() != Type.OBJECT) {
        return te.equals(fe);
      }
      return isAssignableFrom(te, fe);
    }
    String t = to.getInternalName();
    if (from.getSort() == Type.ARRAY) {
      return isArrayCompatible(t);
    }
    if (t.equals("java/lang/Object") || hierarchy.isInterface(t)) {
      return true; // the verifier's rule for interfaces
    }
    return hierarchy.isSubtype(from.getInternalName(), t);
  }

  private static boolean isArrayCompatible(String type) {
    return type.equals("java/lang/Object") || type.equals("java/lang/Cloneable")
        || type.equals("java/io/Serializable");
  }

  @Override
  protected Class<?> getClass(Type type) {
    throw new UnsupportedOperationException("the weaver loads no class: " + type);
  }
}
