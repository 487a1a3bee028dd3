package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.*;

import dev.weft.weaver.SpillPlan.Kind;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Makes the class of a woven block: {@code final class H$WovenN extends WovenBlock}, in the
 * package of the lambda's class {@code H}.
 *
 * <pre>
 *   int label;  Future awaited;            // where it is suspended, and on what (*)
 *   T0 c0; T1 c1; ...                      // the captured values, until the body starts
 *   Object r0...; int i0...; long j0...    // values saved across awaits (SpillPlan)
 *   static Future of(T0, T1, ...)          // what replaces invokedynamic + Async.async
 *   Object resume(Context cx)  { return H.lambda$m$0(this, cx); }
 *   String origin()            { return "H.lambda$m$0(H.java:12)"; }
 *   StackTraceElement awaitFrame() {       // for task dumps: where it is suspended (*)
 *     switch (label) { case k: return new StackTraceElement("H", "lambda$m$0", "H.java", LINE_k);
 *                      default: return null; } }
 *   Future awaitedFuture()     { return awaited; }   // (*)
 * </pre>
 *
 * (*) Only when the body has an await: one without never suspends, and WovenBlock's own
 * awaitFrame() and awaitedFuture() answer null.
 *
 * Fields and methods are package-private or protected: only {@code H}, in the same package,
 * uses them.
 */
final class WovenClassMaker {
  private WovenClassMaker() {}

  static final String LABEL = "label";
  static final String AWAITED = "awaited";

  static String capture(int i) {
    return "c" + i;
  }

  static byte[] make(int version, String name, String host, boolean hostIsInterface,
      String sourceFile, String bodyName, Type[] captured, Map<Kind, Integer> fieldCounts,
      String origin, int[] awaitLines) {
    // Frames are computed for awaitFrame's switch; its branches merge no reference types, so
    // the writer never has to load a class to find a common superclass.
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    cw.visit(version, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, name, null, Names.WOVEN_BLOCK, null);
    if (sourceFile != null) {
      cw.visitSource(sourceFile, null);
    }
    // A block without an await never suspends: no label, nothing awaited. Most spawned blocks
    // that only compute are of this kind, and the two fields would be 8 of their 32 bytes.
    boolean awaits = awaitLines.length > 1;
    if (awaits) {
      cw.visitField(ACC_SYNTHETIC, LABEL, "I", null, null).visitEnd();
      cw.visitField(ACC_SYNTHETIC, AWAITED, Names.FUTURE_DESC, null, null).visitEnd();
    }
    for (int i = 0; i < captured.length; i++) {
      cw.visitField(ACC_SYNTHETIC, capture(i), captured[i].getDescriptor(), null, null)
          .visitEnd();
    }
    for (Kind k : new Kind[] {Kind.REF, Kind.INT, Kind.LONG}) {
      for (int i = 0; i < fieldCounts.getOrDefault(k, 0); i++) {
        cw.visitField(ACC_SYNTHETIC, k.fieldPrefix + i, k.fieldDesc, null, null).visitEnd();
      }
    }

    String ctorDesc = Type.getMethodDescriptor(Type.VOID_TYPE, captured);
    MethodVisitor m = cw.visitMethod(ACC_PRIVATE, "<init>", ctorDesc, null, null);
    m.visitCode();
    m.visitVarInsn(ALOAD, 0);
    m.visitMethodInsn(INVOKESPECIAL, Names.WOVEN_BLOCK, "<init>", "()V", false);
    int slot = 1;
    for (int i = 0; i < captured.length; i++) {
      m.visitVarInsn(ALOAD, 0);
      m.visitVarInsn(captured[i].getOpcode(ILOAD), slot);
      m.visitFieldInsn(PUTFIELD, name, capture(i), captured[i].getDescriptor());
      slot += captured[i].getSize();
    }
    m.visitInsn(RETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();

    m = cw.visitMethod(ACC_STATIC | ACC_SYNTHETIC, "of",
        Type.getMethodDescriptor(Type.getType(Names.FUTURE_DESC), captured), null, null);
    m.visitCode();
    m.visitTypeInsn(NEW, name);
    m.visitInsn(DUP);
    slot = 0;
    for (Type t : captured) {
      m.visitVarInsn(t.getOpcode(ILOAD), slot);
      slot += t.getSize();
    }
    m.visitMethodInsn(INVOKESPECIAL, name, "<init>", ctorDesc, false);
    m.visitInsn(ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();

    m = cw.visitMethod(ACC_PROTECTED, "resume", "(L" + Names.CONTEXT + ";)Ljava/lang/Object;",
        null, null);
    m.visitCode();
    m.visitVarInsn(ALOAD, 0);
    m.visitVarInsn(ALOAD, 1);
    m.visitMethodInsn(INVOKESTATIC, host, bodyName, BlockWeaver.bodyDesc(name), hostIsInterface);
    m.visitInsn(ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();

    m = cw.visitMethod(ACC_PROTECTED, "origin", "()Ljava/lang/String;", null, null);
    m.visitCode();
    m.visitLdcInsn(origin);
    m.visitInsn(ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();

    if (awaits) { // else WovenBlock's awaitFrame() and awaitedFuture(): null
      awaitFrame(cw, name, host, sourceFile, bodyName, awaitLines);
      m = cw.visitMethod(ACC_PROTECTED, "awaitedFuture", "()" + Names.FUTURE_DESC, null, null);
      m.visitCode();
      m.visitVarInsn(ALOAD, 0);
      m.visitFieldInsn(GETFIELD, name, AWAITED, Names.FUTURE_DESC);
      m.visitInsn(ARETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();
    }

    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * {@code awaitFrame()}: the frame of the await the block is suspended at (label k, line
   * {@code awaitLines[k]}, -1 when the class has no line numbers), null before the start. Only
   * for a body with at least one await.
   */
  private static void awaitFrame(ClassWriter cw, String name, String host, String sourceFile,
      String bodyName, int[] awaitLines) {
    MethodVisitor m = cw.visitMethod(ACC_PROTECTED, "awaitFrame",
        "()Ljava/lang/StackTraceElement;", null, null);
    m.visitCode();
    Label none = new Label();
    Label[] cases = new Label[awaitLines.length - 1];
    for (int k = 0; k < cases.length; k++) {
      cases[k] = new Label();
    }
    m.visitVarInsn(ALOAD, 0);
    m.visitFieldInsn(GETFIELD, name, LABEL, "I");
    m.visitTableSwitchInsn(1, cases.length, none, cases);
    for (int k = 0; k < cases.length; k++) {
      m.visitLabel(cases[k]);
      m.visitTypeInsn(NEW, "java/lang/StackTraceElement");
      m.visitInsn(DUP);
      m.visitLdcInsn(Names.dotted(host));
      m.visitLdcInsn(bodyName);
      if (sourceFile != null) {
        m.visitLdcInsn(sourceFile);
      } else {
        m.visitInsn(ACONST_NULL);
      }
      m.visitLdcInsn(awaitLines[k + 1]);
      m.visitMethodInsn(INVOKESPECIAL, "java/lang/StackTraceElement", "<init>",
          "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;I)V", false);
      m.visitInsn(ARETURN);
    }
    m.visitLabel(none);
    m.visitInsn(ACONST_NULL);
    m.visitInsn(ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }
}
