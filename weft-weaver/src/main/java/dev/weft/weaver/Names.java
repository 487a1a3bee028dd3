package dev.weft.weaver;

/** The names in weft-core the woven code and the weaver's analysis refer to. */
final class Names {
  private Names() {}

  static final String ASYNC = "dev/weft/future/Async";
  static final String FUTURE = "dev/weft/future/Future";
  static final String CONTEXT = "dev/weft/future/Context";
  static final String POLL = "dev/weft/future/Poll";
  static final String SELECT = "dev/weft/future/Select";
  static final String STREAM = "dev/weft/stream/Stream";
  static final String WOVEN_BLOCK = "dev/weft/internal/woven/WovenBlock";
  static final String CALLABLE = "java/util/concurrent/Callable";
  static final String THROWING_RUNNABLE = "dev/weft/future/Async$ThrowingRunnable";
  static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

  static final String ASYNC_DESC = "(Ljava/util/concurrent/Callable;)Ldev/weft/future/Future;";
  static final String ASYNC_RUN_DESC = "(Ldev/weft/future/Async$ThrowingRunnable;)"
      + "Ldev/weft/future/Future;";
  static final String AWAIT_DESC = "()Ljava/lang/Object;";
  static final String FUTURE_DESC = "Ldev/weft/future/Future;";
  static final String OBJECT = "java/lang/Object";

  /** The suffix of the classes the weaver makes: {@code Host$Woven0}, {@code Host$Woven1}. */
  static final String WOVEN_SUFFIX = "$Woven";

  static String dotted(String internalName) {
    return internalName.replace('/', '.');
  }
}
