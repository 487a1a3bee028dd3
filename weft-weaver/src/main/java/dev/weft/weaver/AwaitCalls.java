package dev.weft.weaver;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Which calls are an {@code await()} the weaver turns into a suspension point.
 *
 * <ul>
 *   <li>{@code await()} of {@code Future} or of any of its subtypes (a {@code JoinHandle}, a
 *       {@code FusedFuture}, a user's future class), as {@code invokeinterface} or
 *       {@code invokevirtual} with the erased descriptor {@code ()Ljava/lang/Object;}: the
 *       contract of {@code Future.await()} is to poll with the block's context and suspend while
 *       pending, so the woven block does exactly that, whatever class the future is.
 *   <li>{@code Select.await()}, which is {@code future().await()}.
 * </ul>
 *
 * An {@code await()} with another descriptor (a covariant override in a user's class) is an
 * ordinary call, and {@link MayAwaitIndex} decides whether the method it reaches may await.
 */
final class AwaitCalls {
  private AwaitCalls() {}

  enum Kind { NONE, FUTURE, SELECT }

  static Kind kind(AbstractInsnNode insn, ClassHierarchy hierarchy) {
    if (!(insn instanceof MethodInsnNode m) || !m.name.equals("await")
        || !m.desc.equals(Names.AWAIT_DESC)) {
      return Kind.NONE;
    }
    if (m.getOpcode() != Opcodes.INVOKEINTERFACE && m.getOpcode() != Opcodes.INVOKEVIRTUAL) {
      return Kind.NONE;
    }
    if (m.owner.equals(Names.SELECT)) {
      return Kind.SELECT;
    }
    if (m.owner.startsWith("[")) {
      return Kind.NONE;
    }
    return hierarchy.isSubtype(m.owner, Names.FUTURE) ? Kind.FUTURE : Kind.NONE;
  }

  /**
   * True for a method handle to an await ({@code f::await}, {@code Future::await}) or to
   * {@code asIterable}: a lambda made from it awaits out of the weaver's sight.
   */
  static boolean isAwaitHandle(Handle h, ClassHierarchy hierarchy) {
    int tag = h.getTag();
    if (tag != Opcodes.H_INVOKEVIRTUAL && tag != Opcodes.H_INVOKEINTERFACE
        || h.getOwner().startsWith("[")) {
      return false;
    }
    if (h.getName().equals("await") && h.getDesc().equals(Names.AWAIT_DESC)) {
      return h.getOwner().equals(Names.SELECT) || hierarchy.isSubtype(h.getOwner(), Names.FUTURE);
    }
    return h.getName().equals("asIterable") && h.getDesc().equals("()Ljava/lang/Iterable;")
        && hierarchy.isSubtype(h.getOwner(), Names.STREAM);
  }

  /** True for {@code Stream.asIterable()}: its iterator awaits in hasNext(), out of sight. */
  static boolean isAsIterable(AbstractInsnNode insn, ClassHierarchy hierarchy) {
    return insn instanceof MethodInsnNode m && m.name.equals("asIterable")
        && m.desc.equals("()Ljava/lang/Iterable;") && !m.owner.startsWith("[")
        && hierarchy.isSubtype(m.owner, Names.STREAM);
  }
}
