package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * The types of every local and stack value at every instruction of a method
 * ({@link HierarchyVerifier}), and its control-flow graph, normal and exceptional edges apart
 * (for {@link Liveness} and the monitor check).
 */
final class FlowAnalysis {
  final MethodNode method;
  final Frame<BasicValue>[] frames;            // null where the instruction is unreachable
  final List<List<Integer>> normalSuccessors;
  final List<List<Integer>> exceptionSuccessors;

  private FlowAnalysis(MethodNode method, Frame<BasicValue>[] frames,
      List<List<Integer>> normal, List<List<Integer>> exceptional) {
    this.method = method;
    this.frames = frames;
    this.normalSuccessors = normal;
    this.exceptionSuccessors = exceptional;
  }

  /**
   * Analyses {@code method} of class {@code owner}.
   *
   * @throws AnalyzerException if the code does not verify against the class hierarchy
   * @throws ClassHierarchy.Missing if a class it needs is not found
   */
  static FlowAnalysis of(String owner, MethodNode method, HierarchyVerifier verifier)
      throws AnalyzerException {
    int n = method.instructions.size();
    List<List<Integer>> normal = new ArrayList<>(n);
    List<List<Integer>> exceptional = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      normal.add(new ArrayList<>(2));
      exceptional.add(new ArrayList<>(1));
    }
    Analyzer<BasicValue> analyzer = new Analyzer<>(verifier) {
      @Override
      protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
        return new InitTrackingFrame(numLocals, numStack);
      }

      @Override
      protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
        return new InitTrackingFrame(frame);
      }

      @Override
      protected void newControlFlowEdge(int insn, int successor) {
        List<Integer> s = normal.get(insn);
        if (!s.contains(successor)) {
          s.add(successor);
        }
      }

      @Override
      protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tcb) {
        int handler = method.instructions.indexOf(tcb.handler);
        List<Integer> s = exceptional.get(insn);
        if (!s.contains(handler)) {
          s.add(handler);
        }
        return true;
      }
    };
    Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
    return new FlowAnalysis(method, frames, normal, exceptional);
  }

  /**
   * A frame that turns every copy of an object made by {@code new} into an initialised value
   * once its constructor has been called, as the JVM's verifier does.
   */
  private static final class InitTrackingFrame extends Frame<BasicValue> {
    InitTrackingFrame(int numLocals, int numStack) {
      super(numLocals, numStack);
    }

    InitTrackingFrame(Frame<? extends BasicValue> frame) {
      super(frame);
    }

    @Override
    public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter)
        throws AnalyzerException {
      if (insn.getOpcode() == Opcodes.INVOKESPECIAL
          && ((MethodInsnNode) insn).name.equals("<init>")) {
        int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
        BasicValue receiver = getStack(getStackSize() - 1 - args);
        super.execute(insn, interpreter);
        if (receiver instanceof HierarchyVerifier.Uninitialized u) {
          BasicValue done = interpreter.newValue(u.getType());
          for (int i = 0; i < getLocals(); i++) {
            if (u.equals(getLocal(i))) {
              setLocal(i, done);
            }
          }
          for (int i = 0; i < getStackSize(); i++) {
            if (u.equals(getStack(i))) {
              setStack(i, done);
            }
          }
        }
        return;
      }
      super.execute(insn, interpreter);
    }
  }
}
