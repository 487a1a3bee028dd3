package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A method reference passed to {@code async} ({@code async(f::await)}, {@code async(Time::now)})
 * becomes a lambda first: a synthetic method of the class that calls the target with the
 * captured values, which the weaver then judges and weaves as any lambda. Only plain
 * references are bridged (a static method, or an instance method on a captured receiver, its
 * parameters exactly the captured values); a constructor reference, or one needing argument
 * adaptation, is left to the continuation engine.
 */
final class MethodReferenceBridge {
  private MethodReferenceBridge() {}

  /** The bridge for the reference at {@code s}, not yet added to {@code cn}; or null. */
  static MethodNode make(ClassNode cn, AsyncSite s) {
    Handle h = s.impl();
    int tag = h.getTag();
    int opcode = switch (tag) {
      case H_INVOKESTATIC -> INVOKESTATIC;
      case H_INVOKEVIRTUAL -> INVOKEVIRTUAL;
      case H_INVOKEINTERFACE -> INVOKEINTERFACE;
      case H_INVOKESPECIAL -> h.getOwner().equals(cn.name) ? INVOKESPECIAL : -1;
      default -> -1;
    };
    if (opcode < 0) {
      return null;
    }
    Type[] captured = s.capturedTypes();
    Type[] params = Type.getArgumentTypes(h.getDesc());
    int receiver = tag == H_INVOKESTATIC ? 0 : 1;
    if (captured.length != params.length + receiver) {
      return null;
    }
    if (receiver == 1 && captured[0].getSort() != Type.OBJECT) {
      return null;
    }
    for (int i = 0; i < params.length; i++) {
      if (!captured[i + receiver].equals(params[i])) {
        return null;
      }
    }
    Type ret = Type.getReturnType(h.getDesc());
    if (!s.runnable() && ret.getSort() == Type.VOID) {
      return null;
    }
    String name = uniqueName(cn, "lambda$" + s.method().name.replace("<", "").replace(">", "")
        + "$weft");
    MethodNode m = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC, name,
        Type.getMethodDescriptor(s.runnable() ? Type.VOID_TYPE : Type.getType(Object.class),
            captured), null, new String[] {"java/lang/Exception"});
    LabelNode start = new LabelNode();
    m.instructions.add(start);
    int line = ClassWeaver.lineOf(s.indy());
    if (line > 0) {
      m.instructions.add(new LineNumberNode(line, start));
    }
    int slot = 0;
    for (Type t : captured) {
      m.instructions.add(new VarInsnNode(t.getOpcode(ILOAD), slot));
      slot += t.getSize();
    }
    m.instructions.add(new MethodInsnNode(opcode, h.getOwner(), h.getName(), h.getDesc(),
        h.isInterface()));
    if (s.runnable()) {
      if (ret.getSize() > 0) {
        m.instructions.add(new InsnNode(ret.getSize() == 2 ? POP2 : POP));
      }
      m.instructions.add(new InsnNode(RETURN));
    } else {
      if (ret.getSort() != Type.OBJECT && ret.getSort() != Type.ARRAY) {
        Type boxed = boxed(ret);
        m.instructions.add(new MethodInsnNode(INVOKESTATIC, boxed.getInternalName(), "valueOf",
            Type.getMethodDescriptor(boxed, ret), false));
      }
      m.instructions.add(new InsnNode(ARETURN));
    }
    m.maxLocals = slot;
    m.maxStack = Math.max(slot, 2);
    return m;
  }

  private static String uniqueName(ClassNode cn, String base) {
    for (int n = 0; ; n++) {
      String candidate = base + n;
      if (cn.methods.stream().noneMatch(m -> m.name.equals(candidate))) {
        return candidate;
      }
    }
  }

  private static Type boxed(Type primitive) {
    return Type.getObjectType(switch (primitive.getSort()) {
      case Type.BOOLEAN -> "java/lang/Boolean";
      case Type.BYTE -> "java/lang/Byte";
      case Type.CHAR -> "java/lang/Character";
      case Type.SHORT -> "java/lang/Short";
      case Type.INT -> "java/lang/Integer";
      case Type.FLOAT -> "java/lang/Float";
      case Type.LONG -> "java/lang/Long";
      default -> "java/lang/Double";
    });
  }
}
