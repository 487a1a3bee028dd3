package dev.weft.redis;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;

/**
 * What the server knows of one client connection: its id and name, its subscriptions and
 * mailbox, whether it is blocked in a pop, and whether it must close after its replies. Only the
 * connection's task changes it, except for {@link #deliver} (publishers) and the fields read
 * by CLIENT LIST and INFO (volatile).
 */
final class Session {
  final Server server;
  final long id;
  final InetSocketAddress peer;
  final InetSocketAddress local;
  final long createdMillis = System.currentTimeMillis();
  final Mailbox mailbox;
  volatile byte[] name;
  volatile dev.weft.future.Waker waker; // the connection task's, to wake it for a shutdown
  boolean everSubscribed;        // the mailbox may hold messages: look at it on each poll
  volatile long unsent;          // unsent reply bytes, as of the task's last write
  volatile String lastCommand = "NULL";
  final LinkedHashSet<Key> channels = new LinkedHashSet<>();
  final LinkedHashSet<Key> patterns = new LinkedHashSet<>();
  volatile int subscriptions;    // channels + patterns: nonzero = subscribed mode

  // Set by BLPOP/BRPOP when no list had an element: the connection waits for the waiter.
  PopWaiter blocked;
  long blockedDeadline;          // epoch millis, 0: wait forever
  boolean closeAfterReply;       // QUIT
  long commandsUncounted;        // run in the current batch, not yet in commandsProcessed

  Session(Server server, long id, InetSocketAddress peer, InetSocketAddress local) {
    this.server = server;
    this.id = id;
    this.peer = peer;
    this.local = local;
    this.mailbox = new Mailbox(server.limits.pubsubOutputHard);
  }

  Keyspace keyspace() {
    return server.keyspace;
  }

  boolean subscribed() {
    return subscriptions > 0;
  }

  /** A publisher hands this client a message frame. */
  void deliver(byte[] frame) {
    mailbox.deliver(frame, unsent);
  }

  void block(PopWaiter w, long deadline) {
    blocked = w;
    blockedDeadline = deadline;
  }

  String addr() {
    return peer == null ? "?" : peer.getAddress().getHostAddress() + ":" + peer.getPort();
  }
}
