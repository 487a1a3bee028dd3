package dev.weft.weaver;

import dev.weft.weaver.SpillPlan.Kind;
import dev.weft.weaver.SpillPlan.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Decides whether the body of one async lambda can be woven, and if so what each of its awaits
 * saves ({@link SpillPlan}). Whatever it cannot prove safe it refuses with a reason; the block
 * then stays on the continuation engine. The checks, in order:
 *
 * <ol>
 *   <li>The code verifies against the class hierarchy (every class it names is found) and has
 *       no {@code jsr}/{@code ret}; it returns a reference (a {@code Callable}) or nothing (a
 *       {@code ThrowingRunnable}).
 *   <li>No await is inside {@code synchronized}: that is a build error, not a refusal, since
 *       the block could not suspend there on the continuation engine either.
 *   <li>It calls nothing that may await out of the weaver's sight ({@link MayAwaitIndex}): a
 *       method of the woven folder that awaits, a lambda that awaits, {@code asIterable()}.
 *   <li>No value live across an await is an object whose constructor has not run yet
 *       ({@code new X(a, f.await())}), or of a class the lambda's class may not name.
 * </ol>
 */
final class BlockAnalysis {

  enum Status { WOVEN, REFUSED, ERROR }

  /** The verdict on one body. */
  record Result(Status status, String reason, int line, List<SpillPlan> awaits,
      Map<Kind, Integer> fieldCounts) {

    static Result refused(String reason, int line) {
      return new Result(Status.REFUSED, reason, line, List.of(), Map.of());
    }

    static Result error(String reason, int line) {
      return new Result(Status.ERROR, reason, line, List.of(), Map.of());
    }
  }

  private final ClassNode host;
  private final MethodNode body;
  private final boolean runnable;
  private final ClassHierarchy hierarchy;
  private final MayAwaitIndex index;
  private final Set<InvokeDynamicInsnNode> asyncSites;
  private final Map<AbstractInsnNode, Integer> lines = new IdentityHashMap<>();
  private FlowAnalysis flow;               // of the last analysis, for ConstructorHoisting
  private List<MethodInsnNode> awaitCalls;

  /** The start of the reason given for an object under construction across an await. */
  static final String UNDER_CONSTRUCTION = "an object under construction is live across an await";

  BlockAnalysis(ClassNode host, MethodNode body, boolean runnable, ClassHierarchy hierarchy,
      MayAwaitIndex index, Set<InvokeDynamicInsnNode> asyncSites) {
    this.host = host;
    this.body = body;
    this.runnable = runnable;
    this.hierarchy = hierarchy;
    this.index = index;
    this.asyncSites = asyncSites;
    int line = -1;
    for (AbstractInsnNode insn : body.instructions) {
      if (insn instanceof LineNumberNode ln) {
        line = ln.line;
      }
      lines.put(insn, line);
    }
  }

  /** The first line of the body, or -1. */
  int firstLine() {
    for (AbstractInsnNode insn : body.instructions) {
      if (insn instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return -1;
  }

  int line(AbstractInsnNode insn) {
    return lines.getOrDefault(insn, -1);
  }

  Result analyze() {
    try {
      return analyzeOrThrow();
    } catch (ClassHierarchy.Missing m) {
      return Result.refused(m.getMessage(), firstLine());
    }
  }

  private Result analyzeOrThrow() {
    List<MethodInsnNode> awaits = new ArrayList<>();
    for (AbstractInsnNode insn : body.instructions) {
      int op = insn.getOpcode();
      if (op == Opcodes.JSR || op == Opcodes.RET) {
        return Result.refused("jsr/ret subroutines (a class file older than Java 6)", line(insn));
      }
      if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN
          && op != (runnable ? Opcodes.RETURN : Opcodes.ARETURN)) {
        return Result.refused("a return instruction of an unexpected type", line(insn));
      }
      if (AwaitCalls.kind(insn, hierarchy) != AwaitCalls.Kind.NONE) {
        awaits.add((MethodInsnNode) insn);
      }
    }

    FlowAnalysis flow;
    try {
      Type self = Type.getObjectType(host.name);
      Type sup = host.superName == null ? null : Type.getObjectType(host.superName);
      List<Type> itfs = host.interfaces.stream().map(Type::getObjectType).toList();
      boolean itf = (host.access & Opcodes.ACC_INTERFACE) != 0;
      flow = FlowAnalysis.of(host.name, body,
          new HierarchyVerifier(hierarchy, self, sup, itfs, itf));
    } catch (AnalyzerException e) {
      int at = e.node == null ? firstLine() : line(e.node);
      return Result.refused("the weaver's verifier rejected the code: " + e.getMessage(), at);
    }

    this.flow = flow;
    this.awaitCalls = awaits;
    int[] monitors = monitorDepths(flow);
    for (MethodInsnNode a : awaits) {
      int i = body.instructions.indexOf(a);
      if (flow.frames[i] != null && monitors[i] > 0) {
        return Result.error("await() inside synchronized: the monitor belongs to the thread,"
            + " which runs other tasks while the block is suspended; hold a"
            + " dev.weft.sync.Mutex across the await instead", line(a));
      }
    }

    for (AbstractInsnNode insn : body.instructions) {
      String why = unseenAwait(insn);
      if (why != null) {
        return Result.refused(why + "; an await the weaver cannot see needs the continuation"
            + " engine", line(insn));
      }
    }

    BitSet[] live = Liveness.liveIn(flow);
    List<SpillPlan> plans = new ArrayList<>();
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    for (MethodInsnNode a : awaits) {
      int i = body.instructions.indexOf(a);
      Frame<BasicValue> f = flow.frames[i];
      if (f == null) {
        continue; // unreachable: ASM's frame computation drops it
      }
      Map<Kind, Integer> numbering = new EnumMap<>(Kind.class);
      List<Value> stack = new ArrayList<>();
      for (int d = 0; d < f.getStackSize() - 1; d++) {
        Object v = value(f.getStack(d), d, numbering);
        if (v instanceof String why) {
          return Result.refused(why, line(a));
        }
        stack.add((Value) v);
      }
      List<Value> locals = new ArrayList<>();
      for (int s = live[i].nextSetBit(0); s >= 0; s = live[i].nextSetBit(s + 1)) {
        BasicValue bv = s < f.getLocals() ? f.getLocal(s) : null;
        if (bv == null || bv == BasicValue.UNINITIALIZED_VALUE) {
          continue; // not defined on every path here, so not read before a store
        }
        Object v = value(bv, s, numbering);
        if (v instanceof String why) {
          return Result.refused(why, line(a));
        }
        locals.add((Value) v);
      }
      numbering.forEach((k, n) -> counts.merge(k, n, Math::max));
      boolean select = a.owner.equals(Names.SELECT);
      plans.add(new SpillPlan(plans.size() + 1, a, select, line(a), locals, stack));
    }
    return new Result(Status.WOVEN, null, firstLine(), plans, counts);
  }

  /**
   * After a refusal for an object under construction: rewrites the body's constructor calls
   * that wait across an await ({@link ConstructorHoisting}); returns the factories to add to
   * the class, or null if it could not.
   */
  List<MethodNode> hoistConstructors(Set<String> reserved) {
    return flow == null ? null : ConstructorHoisting.rewrite(host, body, flow, awaitCalls, reserved);
  }

  /** A value to save, or a String saying why it cannot be saved. */
  private Object value(BasicValue v, int slot, Map<Kind, Integer> numbering) {
    if (v instanceof HierarchyVerifier.Uninitialized u) {
      return UNDER_CONSTRUCTION + " (an await inside the arguments of new " + Names.dotted(u.getType().getInternalName()) + "(...))";
    }
    Type t = v.getType();
    if (t == null || v == BasicValue.RETURNADDRESS_VALUE) {
      return "a value the weaver cannot type is live across an await";
    }
    Kind kind;
    Type cast = null;
    switch (t.getSort()) {
      case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> kind = Kind.INT;
      case Type.FLOAT -> kind = Kind.FLOAT;
      case Type.LONG -> kind = Kind.LONG;
      case Type.DOUBLE -> kind = Kind.DOUBLE;
      case Type.OBJECT, Type.ARRAY -> {
        if (t.getSort() == Type.OBJECT && t.getInternalName().equals("null")) {
          return new Value(slot, Kind.NULL, null, null);
        }
        kind = Kind.REF;
        Object c = castFor(t);
        if (c instanceof String why) {
          return why;
        }
        cast = (Type) c;
      }
      default -> {
        return "a value of an unexpected type (" + t + ") is live across an await";
      }
    }
    int n = numbering.merge(kind == Kind.FLOAT ? Kind.INT : kind == Kind.DOUBLE ? Kind.LONG : kind,
        1, Integer::sum) - 1;
    return new Value(slot, kind, cast, kind.fieldPrefix + n);
  }

  /** The class a restored reference is cast to (null: none), or why it cannot be restored. */
  private Object castFor(Type t) {
    Type elem = t.getSort() == Type.ARRAY ? t.getElementType() : t;
    if (elem.getSort() != Type.OBJECT) {
      return t; // an array of primitives
    }
    String name = elem.getInternalName();
    if (name.equals(Names.OBJECT) && t.getSort() == Type.OBJECT) {
      return null;
    }
    if (hierarchy.isInterface(name)) {
      if (t.getSort() == Type.OBJECT) {
        return null;
      }
      return Type.getType("[".repeat(t.getDimensions()) + "Ljava/lang/Object;");
    }
    if (!hierarchy.isAccessible(name, host.name)) {
      return "a value of class " + Names.dotted(name) + ", which " + Names.dotted(host.name)
          + " cannot name, is live across an await";
    }
    return t;
  }

  /** Why {@code insn} may reach an await the weaver does not see, or null. */
  private String unseenAwait(AbstractInsnNode insn) {
    if (insn instanceof MethodInsnNode m) {
      if (AwaitCalls.kind(m, hierarchy) != AwaitCalls.Kind.NONE) {
        return null;
      }
      if (AwaitCalls.isAsIterable(m, hierarchy)) {
        return "Stream.asIterable() is used: its iterator awaits inside hasNext()";
      }
      return index.whyCallMayAwait(m);
    }
    if (insn instanceof InvokeDynamicInsnNode indy && !asyncSites.contains(indy)) {
      for (Object arg : indy.bsmArgs) {
        if (arg instanceof Handle h) {
          String why = index.whyHandleMayAwait(h);
          if (why != null) {
            return why;
          }
        }
      }
    }
    if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Handle h) {
      return index.whyHandleMayAwait(h);
    }
    return null;
  }

  /** How many monitors each instruction runs inside (the most over all paths). */
  private int[] monitorDepths(FlowAnalysis flow) {
    int n = body.instructions.size();
    int[] depth = new int[n];
    boolean[] seen = new boolean[n];
    Deque<Integer> todo = new ArrayDeque<>();
    if (n > 0) {
      seen[0] = true;
      todo.add(0);
    }
    while (!todo.isEmpty()) {
      int i = todo.poll();
      int d = depth[i];
      int op = body.instructions.get(i).getOpcode();
      int out = op == Opcodes.MONITORENTER ? Math.min(d + 1, 64)
          : op == Opcodes.MONITOREXIT ? Math.max(d - 1, 0) : d;
      for (int s : flow.normalSuccessors.get(i)) {
        if (!seen[s] || depth[s] < out) {
          seen[s] = true;
          depth[s] = out;
          todo.add(s);
        }
      }
      for (int s : flow.exceptionSuccessors.get(i)) {
        if (!seen[s] || depth[s] < d) {
          seen[s] = true;
          depth[s] = d;
          todo.add(s);
        }
      }
    }
    return depth;
  }
}
