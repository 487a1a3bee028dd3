package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.*;

import dev.weft.weaver.WeaveReport.Entry;
import dev.weft.weaver.WeaveReport.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Weaves the async lambdas of one class: finds them ({@link AsyncSite}), judges each
 * ({@link BlockAnalysis}), rewrites the body of each weavable one on a copy
 * ({@link BlockWeaver}), computes its stack map frames and checks the result verifies, and only
 * then replaces the body and the call sites and makes the block's class
 * ({@link WovenClassMaker}). A step that fails leaves that block as it was.
 */
final class ClassWeaver {

  /** The outcome for one class. */
  record Output(byte[] host, Map<String, byte[]> made, List<Entry> entries) {}

  private final ClassHierarchy hierarchy;
  private final MayAwaitIndex index;
  private final Predicate<String> taken;

  /**
   * @param taken true for a class name that already exists (so a new block's class avoids it)
   */
  ClassWeaver(ClassHierarchy hierarchy, MayAwaitIndex index, Predicate<String> taken) {
    this.hierarchy = hierarchy;
    this.index = index;
    this.taken = taken;
  }

  /** A lambda body with its call sites and its verdict. */
  private static final class Block {
    MethodNode body;
    final Handle reference; // for a method reference: its target (the body is a bridge to it)
    final List<AsyncSite> sites = new ArrayList<>();
    BlockAnalysis analysis;
    BlockAnalysis.Result result;
    String wovenName;
    MethodNode woven;

    Block(MethodNode body, Handle reference) {
      this.body = body;
      this.reference = reference;
    }
  }

  /** What makes a method reference's block: the target, the captured types, the interface. */
  private record ReferenceKey(Handle target, String indyDesc, boolean runnable) {}

  private Object key(ClassNode cn, AsyncSite s) {
    Handle h = s.impl();
    if (h.getOwner().equals(cn.name) && h.getName().startsWith("lambda$")) {
      return h;
    }
    return new ReferenceKey(h, s.indy().desc, s.runnable());
  }

  Output weave(byte[] bytes) {
    ClassNode cn = new ClassNode();
    new ClassReader(bytes).accept(cn, 0);
    List<AsyncSite> sites = AsyncSite.find(cn);
    List<Entry> entries = new ArrayList<>();
    if (sites.isEmpty()) {
      return new Output(null, Map.of(), entries);
    }
    Set<InvokeDynamicInsnNode> siteIndys = new HashSet<>();
    sites.forEach(s -> siteIndys.add(s.indy()));

    Map<Object, Block> blocks = new LinkedHashMap<>();
    for (AsyncSite s : sites) {
      Object key = key(cn, s);
      if (key instanceof Handle h) {
        MethodNode body = lambdaBody(cn, h);
        if (body == null) {
          entries.add(new Entry(Status.NOT_WOVEN, Names.dotted(cn.name), s.method().name,
              cn.sourceFile, lineOf(s.indy()), "its lambda method was not found"));
          continue;
        }
        blocks.computeIfAbsent(key, k -> new Block(body, null)).sites.add(s);
        continue;
      }
      Block b = blocks.get(key);
      if (b == null) {
        MethodNode bridge = MethodReferenceBridge.make(cn, s);
        if (bridge == null) {
          entries.add(new Entry(Status.NOT_WOVEN, Names.dotted(cn.name), s.method().name,
              cn.sourceFile, lineOf(s.indy()), "the block is a method reference ("
              + Names.dotted(s.impl().getOwner()) + "::" + s.impl().getName()
              + ") of a kind the weaver does not rewrite"));
          continue;
        }
        cn.methods.add(bridge);
        b = new Block(bridge, s.impl());
        blocks.put(key, b);
      }
      b.sites.add(s);
    }

    for (Map.Entry<Object, Block> e : blocks.entrySet()) {
      Block b = e.getValue();
      b.analysis = new BlockAnalysis(cn, b.body, b.sites.get(0).runnable(), hierarchy, index,
          siteIndys);
      if (b.reference != null) {
        b.result = b.analysis.analyze(); // a bridge of our own: nothing else refers to it
      } else if (references(cn, (Handle) e.getKey()) != b.sites.size()) {
        b.result = BlockAnalysis.Result.refused("the lambda's method is used elsewhere too",
            b.analysis.firstLine());
      } else if (b.sites.stream().anyMatch(s -> s.runnable() != b.sites.get(0).runnable())) {
        b.result = BlockAnalysis.Result.refused("the lambda is both a Callable and a"
            + " ThrowingRunnable", b.analysis.firstLine());
      } else {
        b.result = b.analysis.analyze();
      }
      if (b.result.status() == BlockAnalysis.Status.REFUSED
          && b.result.reason().startsWith(BlockAnalysis.UNDER_CONSTRUCTION)) {
        hoistConstructors(cn, b, siteIndys);
      }
    }

    int next = 0;
    Map<String, byte[]> made = new LinkedHashMap<>();
    for (Block b : blocks.values()) {
      if (b.result.status() != BlockAnalysis.Status.WOVEN) {
        Status s = b.result.status() == BlockAnalysis.Status.ERROR ? Status.ERROR : Status.NOT_WOVEN;
        entries.add(new Entry(s, Names.dotted(cn.name), b.body.name, cn.sourceFile,
            b.result.line(), describe(b) + b.result.reason()));
        continue;
      }
      String name;
      do {
        name = cn.name + Names.WOVEN_SUFFIX + next++;
      } while (taken.test(name));
      hierarchy.define(new ClassHierarchy.Info(name, Names.WOVEN_BLOCK, List.of(), false, false));
      try {
        b.woven = weaveBody(cn, b, name);
        b.wovenName = name;
      } catch (RuntimeException | AnalyzerException ex) {
        entries.add(new Entry(Status.NOT_WOVEN, Names.dotted(cn.name), b.body.name,
            cn.sourceFile, b.result.line(), describe(b) + "the woven code did not verify ("
            + ex + "); left unwoven"));
      }
    }
    for (Block b : blocks.values()) {
      if (b.reference != null && b.woven == null) {
        cn.methods.remove(b.body); // the bridge of a method reference left unwoven
      }
    }

    boolean changed = false;
    for (Block b : blocks.values()) {
      if (b.woven == null) {
        continue;
      }
      changed = true;
      cn.methods.set(cn.methods.indexOf(b.body), b.woven);
      AsyncSite first = b.sites.get(0);
      Type[] captured = first.capturedTypes();
      boolean itf = (cn.access & ACC_INTERFACE) != 0;
      String origin = Names.dotted(cn.name) + "." + b.body.name + "(" + cn.sourceFile
          + (b.analysis.firstLine() > 0 ? ":" + b.analysis.firstLine() : "") + ")";
      int[] awaitLines = new int[b.result.awaits().size() + 1];
      for (SpillPlan p : b.result.awaits()) {
        awaitLines[p.label()] = p.line();
      }
      made.put(b.wovenName, WovenClassMaker.make(cn.version, b.wovenName, cn.name, itf,
          cn.sourceFile, b.body.name, captured, b.result.fieldCounts(), origin, awaitLines));
      entries.add(new Entry(Status.WOVEN, Names.dotted(cn.name), b.body.name, cn.sourceFile,
          b.analysis.firstLine(), describe(b) + b.result.awaits().size() + " await"
          + (b.result.awaits().size() == 1 ? "" : "s") + " → " + Names.dotted(b.wovenName)));
    }
    if (!changed) {
      return new Output(null, Map.of(), entries);
    }
    // The call sites, found again: a woven body holds copies of the ones inside it.
    Map<Object, String> wovenNames = new LinkedHashMap<>();
    blocks.forEach((k, b) -> {
      if (b.wovenName != null) {
        wovenNames.put(k, b.wovenName);
      }
    });
    for (AsyncSite s : AsyncSite.find(cn)) {
      String w = wovenNames.get(key(cn, s));
      if (w == null) {
        continue;
      }
      String ofDesc = Type.getMethodDescriptor(Type.getType(Names.FUTURE_DESC),
          s.capturedTypes());
      s.method().instructions.set(s.indy(), new MethodInsnNode(INVOKESTATIC, w, "of", ofDesc,
          false));
      s.method().instructions.remove(s.call());
    }
    ClassWriter cw = new ClassWriter(0);
    cn.accept(cw);
    return new Output(cw.toByteArray(), made, entries);
  }

  private final Set<String> reservedNames = new HashSet<>();

  /**
   * Tries the block again with its constructor calls that wait across an await turned into
   * factory calls ({@link ConstructorHoisting}); keeps the rewrite only if the block then
   * weaves.
   */
  private void hoistConstructors(ClassNode cn, Block b, Set<InvokeDynamicInsnNode> siteIndys) {
    MethodNode hoisted = copy(b.body);
    Set<InvokeDynamicInsnNode> sites = new HashSet<>(siteIndys);
    AsyncSite.find(hoisted).forEach(s -> sites.add(s.indy()));
    boolean runnable = b.sites.get(0).runnable();
    BlockAnalysis first = new BlockAnalysis(cn, hoisted, runnable, hierarchy, index, sites);
    first.analyze();
    List<MethodNode> factories = first.hoistConstructors(reservedNames);
    if (factories == null) {
      return;
    }
    BlockAnalysis again = new BlockAnalysis(cn, hoisted, runnable, hierarchy, index, sites);
    BlockAnalysis.Result r = again.analyze();
    if (r.status() != BlockAnalysis.Status.WOVEN) {
      return;
    }
    cn.methods.set(cn.methods.indexOf(b.body), hoisted);
    cn.methods.addAll(factories);
    b.body = hoisted;
    b.analysis = again;
    b.result = r;
  }

  /** Rewrites a copy of the body, computes its frames, and checks that it verifies. */
  private MethodNode weaveBody(ClassNode cn, Block b, String wovenName)
      throws AnalyzerException {
    MethodNode copy = copy(b.body);
    // The plans name instructions of the original body: map them onto the copy.
    List<SpillPlan> plans = new ArrayList<>();
    for (SpillPlan p : b.result.awaits()) {
      int i = b.body.instructions.indexOf(p.await());
      if (!(copy.instructions.get(i) instanceof MethodInsnNode a) || !a.name.equals("await")) {
        throw new IllegalStateException("the copy of the body does not match the original");
      }
      plans.add(new SpillPlan(p.label(), a, p.select(), p.line(), p.locals(), p.stack()));
    }
    new BlockWeaver(cn, copy, b.sites.get(0), wovenName, plans).rewrite();
    MethodNode framed = withFrames(cn, copy);
    Type self = Type.getObjectType(cn.name);
    Type sup = cn.superName == null ? null : Type.getObjectType(cn.superName);
    FlowAnalysis.of(cn.name, framed, new HierarchyVerifier(hierarchy, self, sup,
        cn.interfaces.stream().map(Type::getObjectType).toList(),
        (cn.access & ACC_INTERFACE) != 0));
    return framed;
  }

  private static String describe(Block b) {
    return b.reference == null ? "" : "the method reference " + Names.dotted(b.reference.getOwner())
        + "::" + b.reference.getName() + ": ";
  }

  private static MethodNode copy(MethodNode m) {
    MethodNode c = new MethodNode(ASM9, m.access, m.name, m.desc, m.signature,
        m.exceptions.toArray(String[]::new));
    m.accept(c);
    return c;
  }

  /** ASM computes the frames of the rewritten body, in a class of its own. */
  private MethodNode withFrames(ClassNode cn, MethodNode m) {
    ClassNode scratch = new ClassNode();
    scratch.version = cn.version;
    scratch.access = cn.access;
    scratch.name = cn.name;
    scratch.superName = cn.superName;
    scratch.interfaces = cn.interfaces;
    scratch.methods.add(m);
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        return hierarchy.commonSuperClass(a, b);
      }
    };
    scratch.accept(cw);
    ClassNode back = new ClassNode();
    new ClassReader(cw.toByteArray()).accept(back, 0);
    return back.methods.get(0);
  }

  /** The synthetic lambda method of {@code cn} behind {@code h}, or null. */
  private static MethodNode lambdaBody(ClassNode cn, Handle h) {
    if (!h.getOwner().equals(cn.name) || !h.getName().startsWith("lambda$")) {
      return null;
    }
    int tag = h.getTag();
    if (tag != H_INVOKESTATIC && tag != H_INVOKESPECIAL && tag != H_INVOKEVIRTUAL
        && tag != H_INVOKEINTERFACE) {
      return null;
    }
    for (MethodNode m : cn.methods) {
      if (m.name.equals(h.getName()) && m.desc.equals(h.getDesc())
          && (m.access & ACC_SYNTHETIC) != 0 && m.instructions.size() > 0) {
        return m;
      }
    }
    return null;
  }

  /** How many times the class refers to {@code h} (in invokedynamic arguments or ldc). */
  private static int references(ClassNode cn, Handle h) {
    int n = 0;
    for (MethodNode m : cn.methods) {
      for (AbstractInsnNode insn : m.instructions) {
        if (insn instanceof InvokeDynamicInsnNode indy) {
          for (Object a : indy.bsmArgs) {
            if (h.equals(a)) {
              n++;
            }
          }
          if (h.equals(indy.bsm)) {
            n++;
          }
        } else if (insn instanceof LdcInsnNode ldc && h.equals(ldc.cst)) {
          n++;
        }
      }
    }
    return n;
  }

  static int lineOf(AbstractInsnNode insn) {
    for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
      if (i instanceof org.objectweb.asm.tree.LineNumberNode ln) {
        return ln.line;
      }
    }
    return -1;
  }
}
