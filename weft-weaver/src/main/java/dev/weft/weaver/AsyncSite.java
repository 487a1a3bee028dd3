package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A lambda passed straight to {@code Async.async} or {@code Async.asyncRun}: the
 * {@code invokedynamic} that makes the {@code Callable} (or {@code ThrowingRunnable}) and,
 * right after it, the static call that takes it. Only this shape is woven: a lambda stored in a
 * variable first, a method reference, or a lambda of another class's making stays on the
 * continuation engine.
 *
 * @param method the method holding the call site
 * @param indy the instruction making the lambda
 * @param call the {@code Async.async}/{@code asyncRun} call taking it
 * @param impl the lambda's body method
 * @param runnable true for {@code asyncRun} (the body returns nothing)
 */
record AsyncSite(MethodNode method, InvokeDynamicInsnNode indy, MethodInsnNode call, Handle impl,
    boolean runnable) {

  /** Every lambda-to-async call site in {@code cls}, in order. */
  static List<AsyncSite> find(ClassNode cls) {
    List<AsyncSite> sites = new ArrayList<>();
    for (MethodNode m : cls.methods) {
      sites.addAll(find(m));
    }
    return sites;
  }

  /** Every lambda-to-async call site in {@code m}, in order. */
  static List<AsyncSite> find(MethodNode m) {
    List<AsyncSite> sites = new ArrayList<>();
    if (m.instructions == null) {
      return sites;
    }
    for (AbstractInsnNode insn : m.instructions) {
      if (insn instanceof InvokeDynamicInsnNode indy) {
        AsyncSite s = match(m, indy);
        if (s != null) {
          sites.add(s);
        }
      }
    }
    return sites;
  }

  private static AsyncSite match(MethodNode m, InvokeDynamicInsnNode indy) {
    Handle bsm = indy.bsm;
    if (!bsm.getOwner().equals(Names.LAMBDA_METAFACTORY) || !bsm.getName().equals("metafactory")
        || indy.bsmArgs.length != 3 || !(indy.bsmArgs[1] instanceof Handle impl)) {
      return null;
    }
    String made = Type.getReturnType(indy.desc).getInternalName();
    boolean runnable;
    String expectedCallDesc;
    if (indy.name.equals("call") && made.equals(Names.CALLABLE)) {
      runnable = false;
      expectedCallDesc = Names.ASYNC_DESC;
    } else if (indy.name.equals("run") && made.equals(Names.THROWING_RUNNABLE)) {
      runnable = true;
      expectedCallDesc = Names.ASYNC_RUN_DESC;
    } else {
      return null;
    }
    AbstractInsnNode next = indy.getNext();
    while (next != null && next.getOpcode() < 0) {
      if (next instanceof FrameNode) {
        return null; // a jump lands between the two: not the plain shape
      }
      next = next.getNext();
    }
    if (!(next instanceof MethodInsnNode call) || call.getOpcode() != Opcodes.INVOKESTATIC
        || !call.owner.equals(Names.ASYNC) || !call.desc.equals(expectedCallDesc)
        || !call.name.equals(runnable ? "asyncRun" : "async")) {
      return null;
    }
    return new AsyncSite(m, indy, call, impl, runnable);
  }

  /** The types the lambda captured, in order (the receiver first for an instance body). */
  Type[] capturedTypes() {
    return Type.getArgumentTypes(indy.desc);
  }
}
