package dev.weft.redis;

/**
 * The error texts of Redis 7 that clients and Redis's own tests match on. A client's bytes quoted
 * in one are decoded as ISO-8859-1 ({@link Bytes#latin1}), which {@link Reply#error} encodes back,
 * so they come back byte for byte as Redis echoes them.
 */
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
    return "ERR unknown subcommand '" + clip(Bytes.latin1(sub), 128) + "'. Try "
        + container.toUpperCase() + " HELP.";
  }

  static String unknownCommand(byte[][] argv) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      int room = 128 - args.length(); // Redis's "'%.*s' " with 128 - sdslen(args), quote after
      args.append('\'').append(clip(Bytes.latin1(argv[i]), room)).append("' ");
    }
    String msg = "ERR unknown command '" + clip(Bytes.latin1(argv[0]), 128)
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
