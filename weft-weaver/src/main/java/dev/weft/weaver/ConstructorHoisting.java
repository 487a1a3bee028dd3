package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Makes {@code new X(a, f.await())} weavable. javac compiles it as {@code new X; dup; a;
 * f.await(); invokespecial X.<init>}: the object under construction waits on the stack across
 * the await, and an uninitialised object cannot be saved in a field. This rewrite drops the
 * {@code new X; dup} and turns the constructor call into a call of a static factory of the
 * lambda's class ({@code weft$new$0(a, b) { return new X(a, b); }}), which leaves the same
 * object in the same place on the stack, with only the arguments waiting across the await.
 *
 * <p>One thing moves: the initialisation of class {@code X} (its static initialiser, on its
 * first use) happens after the arguments are evaluated instead of before. Only objects that
 * are under construction at an await are rewritten, and only in javac's shape: {@code dup}
 * right after {@code new}, the object never in a local, one constructor call.
 */
final class ConstructorHoisting {
  private ConstructorHoisting() {}

  /**
   * Rewrites {@code body} in place, given its analysis; returns the factories to add to
   * {@code cn}, or null (and {@code body} untouched) if an object does not have the shape.
   */
  static List<MethodNode> rewrite(ClassNode cn, MethodNode body, FlowAnalysis flow,
      List<MethodInsnNode> awaits, java.util.Set<String> reserved) {
    Map<AbstractInsnNode, Type> news = new LinkedHashMap<>();
    for (MethodInsnNode a : awaits) {
      Frame<BasicValue> f = flow.frames[body.instructions.indexOf(a)];
      if (f == null) {
        continue;
      }
      for (int i = 0; i < f.getLocals(); i++) {
        if (f.getLocal(i) instanceof HierarchyVerifier.Uninitialized) {
          return null;
        }
      }
      for (int i = 0; i < f.getStackSize(); i++) {
        if (f.getStack(i) instanceof HierarchyVerifier.Uninitialized u) {
          news.put(u.newInsn, u.getType());
        }
      }
    }
    if (news.isEmpty()) {
      return null;
    }
    // Where each object is initialised, and that it never sits in a local.
    Map<AbstractInsnNode, List<MethodInsnNode>> inits = new IdentityHashMap<>();
    for (int i = 0; i < flow.frames.length; i++) {
      Frame<BasicValue> f = flow.frames[i];
      if (f == null) {
        continue;
      }
      for (int l = 0; l < f.getLocals(); l++) {
        if (f.getLocal(l) instanceof HierarchyVerifier.Uninitialized u
            && news.containsKey(u.newInsn)) {
          return null;
        }
      }
      AbstractInsnNode insn = body.instructions.get(i);
      if (insn.getOpcode() == INVOKESPECIAL && insn instanceof MethodInsnNode m
          && m.name.equals("<init>")) {
        int args = Type.getArgumentTypes(m.desc).length;
        if (f.getStack(f.getStackSize() - 1 - args) instanceof HierarchyVerifier.Uninitialized u
            && news.containsKey(u.newInsn)) {
          inits.computeIfAbsent(u.newInsn, k -> new ArrayList<>()).add(m);
        }
      }
    }
    Map<AbstractInsnNode, AbstractInsnNode> dups = new IdentityHashMap<>();
    for (AbstractInsnNode n : news.keySet()) {
      AbstractInsnNode next = n.getNext();
      while (next != null && next.getOpcode() < 0) {
        next = next.getNext();
      }
      if (next == null || next.getOpcode() != DUP || inits.getOrDefault(n, List.of()).size() != 1) {
        return null;
      }
      dups.put(n, next);
    }
    Map<String, MethodNode> factories = new HashMap<>();
    List<MethodNode> made = new ArrayList<>();
    for (Map.Entry<AbstractInsnNode, Type> e : news.entrySet()) {
      MethodInsnNode init = inits.get(e.getKey()).get(0);
      String key = init.owner + init.desc;
      MethodNode factory = factories.get(key);
      if (factory == null) {
        factory = factory(cn, init, reserved);
        factories.put(key, factory);
        made.add(factory);
      }
      body.instructions.remove(dups.get(e.getKey()));
      body.instructions.remove(e.getKey());
      body.instructions.set(init, new MethodInsnNode(INVOKESTATIC, cn.name, factory.name,
          factory.desc, (cn.access & ACC_INTERFACE) != 0));
    }
    return made;
  }

  private static MethodNode factory(ClassNode cn, MethodInsnNode init,
      java.util.Set<String> reserved) {
    String name;
    int k = 0;
    do {
      name = "weft$new$" + k++;
    } while (exists(cn, name) || reserved.contains(name));
    reserved.add(name);
    Type[] args = Type.getArgumentTypes(init.desc);
    String desc = Type.getMethodDescriptor(Type.getObjectType(init.owner), args);
    MethodNode m = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC, name, desc, null,
        null);
    m.instructions.add(new TypeInsnNode(NEW, init.owner));
    m.instructions.add(new InsnNode(DUP));
    int slot = 0;
    for (Type t : args) {
      m.instructions.add(new VarInsnNode(t.getOpcode(ILOAD), slot));
      slot += t.getSize();
    }
    m.instructions.add(new MethodInsnNode(INVOKESPECIAL, init.owner, "<init>", init.desc, false));
    m.instructions.add(new InsnNode(ARETURN));
    m.maxLocals = slot;
    m.maxStack = slot + 2;
    return m;
  }

  private static boolean exists(ClassNode cn, String name) {
    return cn.methods.stream().anyMatch(m -> m.name.equals(name));
  }
}
