package dev.weft.runtime;

import dev.weft.internal.Cleaners;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.Descriptor;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * A runtime's MXBean: its {@link RuntimeMetrics} as read-only attributes and its task dump as
 * operations ({@code dumpTasks}, text; {@code dumpTasksJson}), registered in the platform MBean
 * server as {@code dev.weft:type=AsyncRuntime,name=PREFIX} (the prefix of the runtime's thread
 * names; {@code PREFIX#2} and so on if the name is taken) right after the runtime is built
 * ({@link MBeanRegistration}), and unregistered when it closes. Every value is an open type
 * (int, long, boolean, String), as an MXBean's are, so any JMX client shows it (jconsole's
 * MBeans tab, VisualVM, jmxterm).
 *
 * <p>A dynamic MBean rather than an interface-based one: the interface of a standard MXBean
 * would have to be public API of weft and exported to {@code java.management}, and its getter
 * names would differ from {@code RuntimeMetrics}'. Only this class (loaded when
 * {@code java.management} is there, see {@link dev.weft.internal.Management}) names JMX types.
 * It holds its runtime weakly: a runtime dropped without {@code close()} is still collected,
 * and a cleaner then unregisters the bean.
 */
final class RuntimeMBean implements DynamicMBean {
  private static final System.Logger LOG = System.getLogger("dev.weft.runtime");
  static final String DOMAIN = "dev.weft";

  private record Attr(String name, String type, String description,
      Function<RuntimeMetrics, Object> read) {}

  private static final List<Attr> ATTRIBUTES = List.of(
      new Attr("Workers", "int", "Worker threads that run tasks (1 for a current-thread runtime)",
          RuntimeMetrics::workers),
      new Attr("AliveTasks", "long", "Tasks spawned and not yet finished",
          RuntimeMetrics::aliveTasks),
      new Attr("SpawnedTasks", "long", "Tasks spawned since the runtime was built",
          RuntimeMetrics::spawnedTasks),
      new Attr("Polls", "long", "Task polls so far", RuntimeMetrics::polls),
      new Attr("Steals", "long", "Tasks moved between workers by work stealing",
          RuntimeMetrics::steals),
      new Attr("InjectionQueueDepth", "long", "Tasks waiting in the global injection queue",
          RuntimeMetrics::injectionQueueDepth),
      new Attr("BlockingThreads", "int", "Threads of the blocking pool now alive",
          RuntimeMetrics::blockingThreads),
      new Attr("UnhandledFailures", "long", "Failures nobody could receive (each also logged)",
          RuntimeMetrics::unhandledFailures),
      new Attr("SlowPolls", "long", "Polls that ran longer than the slow-poll threshold",
          RuntimeMetrics::slowPolls),
      new Attr("StuckPolls", "long", "Polls reported stuck: over the stuck-poll threshold",
          RuntimeMetrics::stuckPolls));

  private static final String DUMP = "dumpTasks";
  private static final String DUMP_JSON = "dumpTasksJson";
  private static final MBeanInfo INFO = info();

  private final WeakReference<AsyncRuntime> runtime;

  private RuntimeMBean(AsyncRuntime runtime) {
    this.runtime = new WeakReference<>(runtime);
  }

  /**
   * Registers the bean of {@code rt} named after {@code name}; returns what unregisters it
   * (idempotent), which a cleaner also runs if the runtime is collected unclosed. A failure to
   * register is logged, and the runtime runs without its bean.
   */
  static Runnable register(AsyncRuntime rt, String name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    RuntimeMBean bean = new RuntimeMBean(rt);
    ObjectName registered = null;
    try {
      for (int n = 1; registered == null; n++) {
        ObjectName on = objectName(n == 1 ? name : name + "#" + n);
        try {
          server.registerMBean(bean, on);
          registered = on;
        } catch (InstanceAlreadyExistsException taken) {
          // another runtime with the same thread-name prefix: the next free suffix
        }
      }
    } catch (JMException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the MXBean of runtime " + name + " could not be"
          + " registered; the runtime runs without it", e);
      return () -> { };
    }
    ObjectName on = registered;
    AtomicBoolean done = new AtomicBoolean();
    Runnable unregister = () -> {
      if (done.compareAndSet(false, true)) {
        try {
          server.unregisterMBean(on);
        } catch (JMException e) {
          LOG.log(System.Logger.Level.WARNING, "the MXBean " + on + " could not be"
              + " unregistered", e);
        }
      }
    };
    Cleaners.CLEANER.register(rt, unregister);
    return unregister;
  }

  static ObjectName objectName(String name) throws JMException {
    String value = name.matches("[A-Za-z0-9_.#@ -]*") ? name : ObjectName.quote(name);
    return new ObjectName(DOMAIN + ":type=AsyncRuntime,name=" + value);
  }

  private static MBeanInfo info() {
    Descriptor mxbean = new ImmutableDescriptor("mxbean=true", "immutableInfo=true");
    MBeanAttributeInfo[] attrs = new MBeanAttributeInfo[ATTRIBUTES.size()];
    for (int i = 0; i < attrs.length; i++) {
      Attr a = ATTRIBUTES.get(i);
      attrs[i] = new MBeanAttributeInfo(a.name(), a.type(), a.description(), true, false, false);
    }
    MBeanOperationInfo[] ops = {
        new MBeanOperationInfo(DUMP, "Every live task: state, age, polls, worker, what it"
            + " awaits and its stack (the text of AsyncRuntime.dump())",
            new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.INFO),
        new MBeanOperationInfo(DUMP_JSON, "The task dump as JSON (TaskDump.toJson())",
            new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.INFO)};
    return new MBeanInfo(RuntimeMBean.class.getName(), "A weft runtime: its metrics and its"
        + " task dump", attrs, null, ops, null, mxbean);
  }

  private AsyncRuntime runtime() throws ReflectionException {
    AsyncRuntime rt = runtime.get();
    if (rt == null) {
      throw new ReflectionException(new IllegalStateException("the runtime is gone"));
    }
    return rt;
  }

  @Override
  public Object getAttribute(String name) throws AttributeNotFoundException, ReflectionException {
    for (Attr a : ATTRIBUTES) {
      if (a.name().equals(name)) {
        return a.read().apply(runtime().metrics());
      }
    }
    throw new AttributeNotFoundException(name);
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    AttributeList list = new AttributeList();
    for (String n : names) {
      try {
        list.add(new Attribute(n, getAttribute(n)));
      } catch (JMException missing) {
        // the JMX contract: attributes that cannot be read are left out of the list
      }
    }
    return list;
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException(attribute.getName() + " is read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList(); // every attribute is read-only: none was set
  }

  @Override
  public Object invoke(String op, Object[] params, String[] signature)
      throws ReflectionException {
    return switch (op) {
      case DUMP -> runtime().dump().toString();
      case DUMP_JSON -> runtime().dump().toJson();
      default -> throw new ReflectionException(new NoSuchMethodException(op));
    };
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return INFO;
  }
}
