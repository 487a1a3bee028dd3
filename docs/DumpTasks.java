import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Prints the task dump of every weft runtime in a running JVM, as jcmd prints a thread dump:
 *
 * <pre>
 *   java docs/DumpTasks.java PID          the text of each runtime's dump
 *   java docs/DumpTasks.java PID --json   the JSON
 * </pre>
 *
 * It attaches to the JVM (the same user's, on the same machine, as jcmd does), starts its local
 * JMX agent if it is not running ({@code jcmd PID ManagementAgent.start_local} does the same),
 * and calls the {@code dumpTasks} operation of each {@code dev.weft:type=AsyncRuntime} MXBean.
 * A single-file program: the JDK runs it from source, nothing to build.
 */
public class DumpTasks {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java DumpTasks.java PID [--json]");
      System.exit(2);
    }
    String op = args.length > 1 && args[1].equals("--json") ? "dumpTasksJson" : "dumpTasks";
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = c.getMBeanServerConnection();
      var runtimes = server.queryNames(new ObjectName("dev.weft:type=AsyncRuntime,*"), null);
      if (runtimes.isEmpty()) {
        System.err.println("no weft runtime is open in JVM " + args[0]);
        System.exit(1);
      }
      for (ObjectName runtime : runtimes) {
        System.out.println(server.invoke(runtime, op, new Object[0], new String[0]));
      }
    }
  }
}
