package dev.weft.redis;

/** The error texts of Redis 7 that clients and Redis's own tests match on. */
final class Errors {
  static final String WRONG_TYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  static final String NOT_FLOAT = "ERR value is not a valid float";
  static final String SYNTAX = "ERR syntax error";
  static final String NO_SUCH_KEY = "ERR no such key";
  static final String OUT_OF_RANGE = "ERR index out of range";
  static final String OVERFLOW = "ERR increment or decrement would overflow";
  static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  static final String MAX_STRING =
      "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  static final String POSITIVE = "ERR value is out of range, must be positive";

  private Errors() {}

  static String arity(String fullName) {
    return "ERR wrong number of arguments for '" + fullName + "' command";
  }

  static String invalidExpire(String command) {
    return "ERR invalid expire time in '" + command + "' command";
  }

  static String unknownSubcommand(byte[] sub, String container) {
    return "ERR unknown subcommand '" + clip(Bytes.str(sub), 128) + "'. Try "
        + container.toUpperCase() + " HELP.";
  }

  static String unknownCommand(byte[][] argv) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      args.append('\'').append(clip(Bytes.str(argv[i]), 128 - args.length())).append("' ");
    }
    String msg = "ERR unknown command '" + clip(Bytes.str(argv[0]), 128)
        + "', with args beginning with: " + args;
    return msg.replace('\r', ' ').replace('\n', ' ');
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** An error text fit for a reply line: no CR or LF inside. */
  static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }
}
