package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.*;

import dev.weft.weaver.SpillPlan.Kind;
import dev.weft.weaver.SpillPlan.Value;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites an async lambda's body method, in place in its class, into the resumable body of its
 * woven class {@code W} (see {@code dev.weft.internal.woven.WovenBlock} for the whole picture).
 *
 * <pre>
 *   static Object lambda$m$0(W block, Context cx)      // was: private Object lambda$m$0(captures)
 *     block, cx → two new locals past the original ones; a third holds the awaited future
 *     switch (block.label) { 0: load the captures into their slots; k: RESUME_k }
 *     ... the original code, where each {@code f.await()} became:
 *         AWAIT_k:  r = block.step(f, cx)     (written out: see pollStep)
 *                   if (r == PENDING) { save the stack under f and the live locals into
 *                                       block's fields; block.awaited = f; block.label = k;
 *                                       return PENDING }
 *                   ... r is await()'s value
 *     RESUME_k (after the original code): reload the saved locals and stack, f =
 *              block.awaited; goto AWAIT_k
 * </pre>
 *
 * The resume jumps land inside the original try ranges, whose exception table is kept, so a
 * failure or the {@code CancellationException} of a cancelled block thrown at an await
 * reaches the same handlers as before, and finally blocks run. The suspension return skips
 * them, as a suspension must. The line number table is kept, so stack traces show the user's
 * lines; each resume block carries the line of its await. Frames are computed afterwards
 * ({@link ClassWeaver}).
 */
final class BlockWeaver {
  private final ClassNode host;
  private final MethodNode body;
  private final AsyncSite site;
  private final String woven;
  private final List<SpillPlan> awaits;
  private final int blockSlot;
  private final int cxSlot;
  private final int futureSlot;

  BlockWeaver(ClassNode host, MethodNode body, AsyncSite site, String woven,
      List<SpillPlan> awaits) {
    this.host = host;
    this.body = body;
    this.site = site;
    this.woven = woven;
    this.awaits = awaits;
    this.blockSlot = body.maxLocals;
    this.cxSlot = body.maxLocals + 1;
    this.futureSlot = body.maxLocals + 2;
  }

  /** The descriptor the rewritten body has: {@code (W, Context) -> Object}. */
  static String bodyDesc(String woven) {
    return "(L" + woven + ";L" + Names.CONTEXT + ";)Ljava/lang/Object;";
  }

  void rewrite() {
    InsnList code = body.instructions;
    for (AbstractInsnNode insn : code.toArray()) {
      if (insn instanceof FrameNode) {
        code.remove(insn); // recomputed for the new code
      } else if (insn.getOpcode() == RETURN) {
        code.insertBefore(insn, new InsnNode(ACONST_NULL));
        code.set(insn, new InsnNode(ARETURN));
      }
    }
    List<LabelNode> awaitLabels = new ArrayList<>();
    for (SpillPlan p : awaits) {
      LabelNode awaitLabel = new LabelNode();
      awaitLabels.add(awaitLabel);
      code.insertBefore(p.await(), suspensionPoint(p, awaitLabel));
      code.remove(p.await());
    }
    List<LabelNode> resumeLabels = new ArrayList<>();
    InsnList tail = new InsnList();
    for (int k = 0; k < awaits.size(); k++) {
      LabelNode resume = new LabelNode();
      resumeLabels.add(resume);
      tail.add(resume);
      if (awaits.get(k).line() > 0) {
        tail.add(new LineNumberNode(awaits.get(k).line(), resume));
      }
      tail.add(resumption(awaits.get(k), awaitLabels.get(k)));
    }
    code.insert(prologue(resumeLabels));
    code.add(tail);

    boolean itf = (host.access & ACC_INTERFACE) != 0;
    body.access = (body.access & ~(ACC_PRIVATE | ACC_PROTECTED | ACC_PUBLIC | ACC_VARARGS))
        | ACC_STATIC | ACC_SYNTHETIC | (itf ? ACC_PUBLIC : 0);
    body.desc = bodyDesc(woven);
    body.signature = null;
    body.parameters = null;
    body.visibleParameterAnnotations = null;
    body.invisibleParameterAnnotations = null;
    body.visibleAnnotableParameterCount = 0;
    body.invisibleAnnotableParameterCount = 0;
    body.maxLocals = futureSlot + 1;
  }

  /** Method entry: keep block and cx, then jump to the start or to a resume block. */
  private InsnList prologue(List<LabelNode> resumeLabels) {
    InsnList p = new InsnList();
    // Both loaded before either is stored: the new slots may overlap the two parameters.
    p.add(new VarInsnNode(ALOAD, 0));
    p.add(new VarInsnNode(ALOAD, 1));
    p.add(new VarInsnNode(ASTORE, cxSlot));
    p.add(new VarInsnNode(ASTORE, blockSlot));
    LabelNode start = new LabelNode();
    if (!resumeLabels.isEmpty()) {
      p.add(new VarInsnNode(ALOAD, blockSlot));
      p.add(new FieldInsnNode(GETFIELD, woven, WovenClassMaker.LABEL, "I"));
      LabelNode corrupt = new LabelNode();
      LabelNode[] targets = new LabelNode[resumeLabels.size() + 1];
      targets[0] = start;
      for (int k = 0; k < resumeLabels.size(); k++) {
        targets[k + 1] = resumeLabels.get(k);
      }
      p.add(new TableSwitchInsnNode(0, resumeLabels.size(), corrupt, targets));
      p.add(corrupt);
      p.add(new TypeInsnNode(NEW, "java/lang/IllegalStateException"));
      p.add(new InsnNode(DUP));
      p.add(new LdcInsnNode("woven async block resumed with an unknown label"));
      p.add(new MethodInsnNode(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
          "(Ljava/lang/String;)V", false));
      p.add(new InsnNode(ATHROW));
    }
    p.add(start);
    Type[] captured = site.capturedTypes();
    int slot = 0;
    for (int i = 0; i < captured.length; i++) {
      Type t = captured[i];
      String field = WovenClassMaker.capture(i);
      p.add(new VarInsnNode(ALOAD, blockSlot));
      p.add(new FieldInsnNode(GETFIELD, woven, field, t.getDescriptor()));
      p.add(new VarInsnNode(t.getOpcode(ISTORE), slot));
      if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
        // The block keeps nothing it no longer needs (as the coroutine drops its Callable).
        p.add(new VarInsnNode(ALOAD, blockSlot));
        p.add(new InsnNode(ACONST_NULL));
        p.add(new FieldInsnNode(PUTFIELD, woven, field, t.getDescriptor()));
      }
      slot += t.getSize();
    }
    return p;
  }

  /** What replaces one {@code await()} call. */
  private InsnList suspensionPoint(SpillPlan p, LabelNode awaitLabel) {
    InsnList c = new InsnList();
    if (p.select()) {
      c.add(new MethodInsnNode(INVOKEVIRTUAL, Names.SELECT, "future", "()" + Names.FUTURE_DESC,
          false));
    }
    c.add(new VarInsnNode(ASTORE, futureSlot));
    c.add(awaitLabel);
    c.add(pollStep());
    c.add(new InsnNode(DUP));
    c.add(pending());
    LabelNode ready = new LabelNode();
    c.add(new JumpInsnNode(IF_ACMPNE, ready));
    c.add(new InsnNode(POP));
    List<Value> stack = p.stack();
    for (int d = stack.size() - 1; d >= 0; d--) {
      saveTop(c, stack.get(d));
    }
    for (Value v : p.locals()) {
      if (v.kind() == Kind.NULL) {
        continue;
      }
      c.add(new VarInsnNode(ALOAD, blockSlot));
      c.add(new VarInsnNode(loadOpcode(v.kind()), v.slot()));
      toField(c, v.kind());
      c.add(new FieldInsnNode(PUTFIELD, woven, v.field(), v.kind().fieldDesc));
    }
    c.add(new VarInsnNode(ALOAD, blockSlot));
    c.add(new VarInsnNode(ALOAD, futureSlot));
    c.add(new FieldInsnNode(PUTFIELD, woven, WovenClassMaker.AWAITED, Names.FUTURE_DESC));
    c.add(new VarInsnNode(ALOAD, blockSlot));
    c.add(new LdcInsnNode(p.label()));
    c.add(new FieldInsnNode(PUTFIELD, woven, WovenClassMaker.LABEL, "I"));
    c.add(pending());
    c.add(new InsnNode(ARETURN));
    c.add(ready);
    return c;
  }

  /**
   * {@code WovenBlock.step} written out at one await, leaving the value or PENDING on the stack:
   * the poll's call is this await's own, so its type profile is too (a shared call in
   * {@code step} was megamorphic in any real program, and the JIT inlined no future's poll into
   * a body). Its handler sits among the original code, inside the user's try ranges, and comes
   * first in the exception table, so what it throws reaches the user's handlers as before.
   */
  private InsnList pollStep() {
    InsnList c = new InsnList();
    c.add(new VarInsnNode(ALOAD, blockSlot));
    c.add(new VarInsnNode(ALOAD, futureSlot));
    c.add(new MethodInsnNode(INVOKEVIRTUAL, Names.WOVEN_BLOCK, "beforePoll",
        "(" + Names.FUTURE_DESC + ")V", false));
    LabelNode tryStart = new LabelNode();
    LabelNode tryEnd = new LabelNode();
    LabelNode handler = new LabelNode();
    LabelNode polled = new LabelNode();
    c.add(tryStart);
    c.add(new VarInsnNode(ALOAD, futureSlot));
    c.add(new VarInsnNode(ALOAD, cxSlot));
    c.add(new MethodInsnNode(INVOKEINTERFACE, Names.FUTURE, "poll",
        "(L" + Names.CONTEXT + ";)L" + Names.POLL + ";", true));
    c.add(tryEnd);
    c.add(new JumpInsnNode(GOTO, polled));
    c.add(handler);
    c.add(new MethodInsnNode(INVOKESTATIC, Names.WOVEN_BLOCK, "pollFailed",
        "(Ljava/lang/Throwable;)Ljava/lang/RuntimeException;", false));
    c.add(new InsnNode(ATHROW));
    c.add(polled);
    c.add(new MethodInsnNode(INVOKESTATIC, Names.WOVEN_BLOCK, "valueOrPending",
        "(L" + Names.POLL + ";)Ljava/lang/Object;", false));
    body.tryCatchBlocks.add(0, new TryCatchBlockNode(tryStart, tryEnd, handler,
        "java/lang/Throwable"));
    return c;
  }

  /** Saves the value on top of the stack into its field (or drops a null). */
  private void saveTop(InsnList c, Value v) {
    if (v.kind() == Kind.NULL) {
      c.add(new InsnNode(POP));
      return;
    }
    toField(c, v.kind());
    c.add(new VarInsnNode(ALOAD, blockSlot));
    if (v.kind().size() == 2) {
      c.add(new InsnNode(DUP_X2));
      c.add(new InsnNode(POP));
    } else {
      c.add(new InsnNode(SWAP));
    }
    c.add(new FieldInsnNode(PUTFIELD, woven, v.field(), v.kind().fieldDesc));
  }

  /** A resume block: reload what {@code p} saved, take the future back, jump to its await. */
  private InsnList resumption(SpillPlan p, LabelNode awaitLabel) {
    InsnList c = new InsnList();
    for (Value v : p.locals()) {
      load(c, v);
      c.add(new VarInsnNode(storeOpcode(v.kind()), v.slot()));
    }
    for (Value v : p.stack()) {
      load(c, v);
    }
    c.add(new VarInsnNode(ALOAD, blockSlot));
    c.add(new FieldInsnNode(GETFIELD, woven, WovenClassMaker.AWAITED, Names.FUTURE_DESC));
    c.add(new VarInsnNode(ASTORE, futureSlot));
    clear(c, WovenClassMaker.AWAITED, Names.FUTURE_DESC);
    c.add(new JumpInsnNode(GOTO, awaitLabel));
    return c;
  }

  private void load(InsnList c, Value v) {
    if (v.kind() == Kind.NULL) {
      c.add(new InsnNode(ACONST_NULL));
      return;
    }
    c.add(new VarInsnNode(ALOAD, blockSlot));
    c.add(new FieldInsnNode(GETFIELD, woven, v.field(), v.kind().fieldDesc));
    switch (v.kind()) {
      case FLOAT -> c.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Float", "intBitsToFloat",
          "(I)F", false));
      case DOUBLE -> c.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Double",
          "longBitsToDouble", "(J)D", false));
      case REF -> {
        if (v.castTo() != null) {
          c.add(new TypeInsnNode(CHECKCAST, v.castTo().getInternalName()));
        }
        clear(c, v.field(), v.kind().fieldDesc);
      }
      default -> { }
    }
  }

  /** block.field = null: a suspended block keeps only what its resumption needs. */
  private void clear(InsnList c, String field, String desc) {
    c.add(new VarInsnNode(ALOAD, blockSlot));
    c.add(new InsnNode(ACONST_NULL));
    c.add(new FieldInsnNode(PUTFIELD, woven, field, desc));
  }

  private static void toField(InsnList c, Kind k) {
    if (k == Kind.FLOAT) {
      c.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I",
          false));
    } else if (k == Kind.DOUBLE) {
      c.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J",
          false));
    }
  }

  private static FieldInsnNode pending() {
    return new FieldInsnNode(GETSTATIC, Names.WOVEN_BLOCK, "PENDING", "Ljava/lang/Object;");
  }

  private static int loadOpcode(Kind k) {
    return switch (k) {
      case INT -> ILOAD;
      case FLOAT -> FLOAD;
      case LONG -> LLOAD;
      case DOUBLE -> DLOAD;
      default -> ALOAD;
    };
  }

  private static int storeOpcode(Kind k) {
    return loadOpcode(k) + (ISTORE - ILOAD);
  }
}
