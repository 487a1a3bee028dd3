package dev.weft.weaver;

import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local slots may be read before being written again, from each instruction on: only
 * those are saved at an await, so a suspended block holds no dead values.
 *
 * <p>Backward data flow to a fixed point: live-in(i) = use(i) ∪ (live-out(i) − def(i)) ∪
 * live-in(h) for every handler h that covers i (what a handler reads is live wherever the
 * instruction may throw, before its own definition takes effect). A long or double value is
 * tracked by its first slot, as loads and stores name it.
 */
final class Liveness {
  private Liveness() {}

  static BitSet[] liveIn(FlowAnalysis flow) {
    InsnList insns = flow.method.instructions;
    int n = insns.size();
    BitSet[] in = new BitSet[n];
    for (int i = 0; i < n; i++) {
      in[i] = new BitSet();
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = n - 1; i >= 0; i--) {
        if (flow.frames[i] == null) {
          continue; // unreachable
        }
        BitSet live = new BitSet();
        for (int s : flow.normalSuccessors.get(i)) {
          live.or(in[s]);
        }
        AbstractInsnNode insn = insns.get(i);
        int def = defined(insn);
        if (def >= 0) {
          live.clear(def);
        }
        int use = used(insn);
        if (use >= 0) {
          live.set(use);
        }
        for (int h : flow.exceptionSuccessors.get(i)) {
          live.or(in[h]);
        }
        if (!live.equals(in[i])) {
          in[i] = live;
          changed = true;
        }
      }
    }
    return in;
  }

  private static int used(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    if (op >= Opcodes.ILOAD && op <= Opcodes.ALOAD || op == Opcodes.RET) {
      return ((VarInsnNode) insn).var;
    }
    if (op == Opcodes.IINC) {
      return ((IincInsnNode) insn).var;
    }
    return -1;
  }

  private static int defined(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
      return ((VarInsnNode) insn).var;
    }
    return -1;
  }

  /** Slots in {@code live} as a list, for messages and tests. */
  static List<Integer> slots(BitSet live) {
    return live.stream().boxed().toList();
  }
}
