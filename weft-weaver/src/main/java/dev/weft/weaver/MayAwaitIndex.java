package dev.weft.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which methods of the woven folder may reach an {@code await()} when called: the awaits a
 * woven block could not see. A block that calls one stays on the continuation engine.
 *
 * <p>A method may await if it calls {@code await()} (or {@code Stream.asIterable()}), calls a
 * method of the folder that may await, or makes a lambda or method reference whose body may
 * await. A call reaches every method of the folder with its name and descriptor declared in a
 * sub- or super-type of the call's owner (any override may run), and a lambda that may await
 * is reached by any call of its interface's method. What this cannot see: methods outside the
 * folder (libraries, the JDK) are taken not to await, except {@code asIterable()}, so an
 * awaiting callback handed to a library method ({@code list.forEach(x -> f.await())} is seen,
 * but not a callback made elsewhere and passed in) is caught at run time instead: its
 * {@code await()} throws an {@link IllegalStateException} that names the fix.
 */
final class MayAwaitIndex {

  private record Key(String owner, String name, String desc) {
    @Override
    public String toString() {
      return Names.dotted(owner) + "." + name;
    }
  }

  private record Method(Key key, MethodNode node, List<AbstractInsnNode> refs) {}

  private final ClassHierarchy hierarchy;
  private final Map<Key, Method> methods = new HashMap<>();
  private final Map<String, List<Key>> byNameAndDesc = new HashMap<>();
  /** Why each method may await; absent means it does not. */
  private final Map<Key, String> why = new HashMap<>();
  /** Interface methods implemented by a lambda that may await, with the lambda's reason. */
  private final Map<Key, String> awaitingLambdas = new HashMap<>();

  MayAwaitIndex(ClassHierarchy hierarchy, List<ClassNode> folder) {
    this.hierarchy = hierarchy;
    for (ClassNode c : folder) {
      Set<InvokeDynamicInsnNode> asyncSites = new HashSet<>();
      for (AsyncSite s : AsyncSite.find(c)) {
        asyncSites.add(s.indy());
      }
      for (MethodNode m : c.methods) {
        Key k = new Key(c.name, m.name, m.desc);
        List<AbstractInsnNode> refs = new ArrayList<>();
        if (m.instructions != null) {
          for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode
                || insn instanceof InvokeDynamicInsnNode indy && !asyncSites.contains(indy)
                || insn instanceof LdcInsnNode ldc && ldc.cst instanceof Handle) {
              refs.add(insn);
            }
          }
        }
        methods.put(k, new Method(k, m, refs));
        byNameAndDesc.computeIfAbsent(m.name + m.desc, x -> new ArrayList<>()).add(k);
      }
    }
    solve();
  }

  private void solve() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Method m : methods.values()) {
        if (why.containsKey(m.key())) {
          continue;
        }
        String reason = reason(m);
        if (reason != null) {
          why.put(m.key(), reason);
          changed = true;
        }
      }
    }
  }

  private String reason(Method m) {
    for (AbstractInsnNode insn : m.refs()) {
      if (insn instanceof MethodInsnNode call) {
        if (safeKind(call) != AwaitCalls.Kind.NONE) {
          return "awaits";
        }
        if (safeAsIterable(call)) {
          return "uses Stream.asIterable()";
        }
        String w = whyCallMayAwait(call);
        if (w != null) {
          return w;
        }
      } else if (insn instanceof InvokeDynamicInsnNode indy) {
        for (Object arg : indy.bsmArgs) {
          if (arg instanceof Handle h) {
            String w = whyHandleMayAwait(h);
            if (w != null) {
              if (indy.bsm.getOwner().equals(Names.LAMBDA_METAFACTORY)
                  && indy.bsmArgs.length >= 1 && indy.bsmArgs[0] instanceof Type sam) {
                // whoever calls the interface's method may run this lambda
                String itf = Type.getReturnType(indy.desc).getInternalName();
                awaitingLambdas.putIfAbsent(new Key(itf, indy.name, sam.getDescriptor()), w);
              }
              return w;
            }
          }
        }
      } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Handle h) {
        String w = whyHandleMayAwait(h);
        if (w != null) {
          return w;
        }
      }
    }
    return null;
  }

  private AwaitCalls.Kind safeKind(MethodInsnNode call) {
    try {
      return AwaitCalls.kind(call, hierarchy);
    } catch (ClassHierarchy.Missing e) {
      return AwaitCalls.Kind.NONE;
    }
  }

  private boolean safeAsIterable(MethodInsnNode call) {
    try {
      return AwaitCalls.isAsIterable(call, hierarchy);
    } catch (ClassHierarchy.Missing e) {
      return call.name.equals("asIterable"); // unknown owner: assume the worst
    }
  }

  /** Why the call may reach an await in the folder, or null. */
  String whyCallMayAwait(MethodInsnNode call) {
    boolean virtual = call.getOpcode() == Opcodes.INVOKEVIRTUAL
        || call.getOpcode() == Opcodes.INVOKEINTERFACE;
    for (Key k : byNameAndDesc.getOrDefault(call.name + call.desc, List.of())) {
      String w = why.get(k);
      if (w != null && reaches(call.owner, k.owner(), virtual)) {
        return "calls " + k + ", which " + brief(w);
      }
    }
    if (virtual) {
      for (Map.Entry<Key, String> e : awaitingLambdas.entrySet()) {
        Key k = e.getKey();
        if (k.name().equals(call.name) && k.desc().equals(call.desc)
            && reaches(call.owner, k.owner(), true)) {
          return "calls " + Names.dotted(call.owner) + "." + call.name
              + ", which a lambda that " + brief(e.getValue()) + " implements";
        }
      }
    }
    return null;
  }

  /** Why the method behind a lambda or method reference may await, or null. */
  String whyHandleMayAwait(Handle h) {
    boolean awaits;
    try {
      awaits = AwaitCalls.isAwaitHandle(h, hierarchy);
    } catch (ClassHierarchy.Missing e) {
      awaits = h.getName().equals("await") || h.getName().equals("asIterable");
    }
    if (awaits) {
      return "makes a method reference to " + Names.dotted(h.getOwner()) + "::" + h.getName()
          + ", which awaits when called";
    }
    Key k = new Key(h.getOwner(), h.getName(), h.getDesc());
    String w = why.get(k);
    return w == null ? null : "makes a lambda or method reference to " + k + ", which " + brief(w);
  }

  private boolean reaches(String callOwner, String declaring, boolean virtual) {
    if (callOwner.startsWith("[")) {
      return false;
    }
    try {
      return hierarchy.isSubtype(callOwner, declaring)
          || virtual && hierarchy.isSubtype(declaring, callOwner);
    } catch (ClassHierarchy.Missing e) {
      return true; // cannot tell: assume it may
    }
  }

  /** Keeps chains readable: the first link of a reason only. */
  private static String brief(String reason) {
    int cut = reason.indexOf(", which");
    return cut < 0 ? reason : reason.substring(0, cut) + " (which may await)";
  }
}
