package io.salesvelocity.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, handled by the program instead of by the JVM's shutdown: the
 * engine then closes in the main thread and the process exits with 0 (a JVM ended by a signal exits with 128 plus
 * the signal's number, which supervisors read as a failure). Uses {@code sun.misc.Signal}, the JDK's supported
 * way to do this (module jdk.unsupported), through reflection so that it is an option, not a compile-time
 * dependency on an internal API; without it the shutdown hook still closes the engine.
 */
final class StopSignals {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {
  }

  /** Calls {@code onSignal} with the signal's name on SIGTERM or SIGINT; false when they cannot be handled here. */
  static boolean install(Consumer<String> onSignal) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      InvocationHandler call = (proxy, method, args) -> {
        if (method.getName().equals("handle")) {
          onSignal.accept("SIG" + signalClass.getMethod("getName").invoke(args[0]));
        }
        return null;
      };
      Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, call);
      for (String name : List.of("TERM", "INT")) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      }
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.debug("SIGTERM and SIGINT are left to the JVM's shutdown: {}", e.toString());
      return false;
    }
  }
}
