package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * What one await saves when its block suspends, and how each value comes back.
 *
 * <p>Values are saved by kind into fields of the woven class: references in {@code Object}
 * fields {@code r0, r1, ...}, ints (and booleans, bytes, chars, shorts, and floats as their raw
 * bits) in {@code int} fields {@code i0, ...}, longs (and doubles as raw bits) in {@code long}
 * fields {@code j0, ...}. Each await numbers its values of a kind from 0, so the class has as
 * many fields of a kind as the await that saves the most of them. A {@code null} constant needs
 * no field. A reference comes back cast to its class, never to an interface (the verifier's
 * types may name an interface the value does not implement; the JVM's verifier accepts any
 * object where an interface is expected).
 *
 * @param label the label of the await's resume point (1, 2, ...)
 * @param await the call being replaced
 * @param select true for {@code Select.await()} (the future is {@code select.future()})
 * @param line the source line of the await, or -1
 * @param locals the live locals to save, by slot
 * @param stack the operand stack under the awaited future, bottom first
 */
record SpillPlan(int label, MethodInsnNode await, boolean select, int line, List<Value> locals,
    List<Value> stack) {

  /** How a value is held in the woven class. */
  enum Kind {
    INT("I", "i"), FLOAT("I", "i"), LONG("J", "j"), DOUBLE("J", "j"), REF("Ljava/lang/Object;", "r"),
    NULL(null, null);

    final String fieldDesc;
    final String fieldPrefix;

    Kind(String fieldDesc, String fieldPrefix) {
      this.fieldDesc = fieldDesc;
      this.fieldPrefix = fieldPrefix;
    }

    int size() {
      return this == LONG || this == DOUBLE ? 2 : 1;
    }
  }

  /**
   * One saved value.
   *
   * @param slot the local's slot (for a local), or the stack depth (for a stack value)
   * @param kind how it is held
   * @param castTo the class a reference is cast to when it comes back, or null for none
   * @param field the field's name, or null for {@link Kind#NULL}
   */
  record Value(int slot, Kind kind, Type castTo, String field) {}
}
