package io.jray.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, Ctrl-C (SIGINT) interrupts the thread that opened it instead of ending the JVM, so a command that
 * follows output ends cleanly, and inside 'jray shell' ends only the command. Closing puts back the handler
 * that was there before (the JVM's, or the shell's).
 */
final class InterruptOnCtrlC implements AutoCloseable {
  private static final Signal INT = new Signal("INT");
  private final SignalHandler previous;

  InterruptOnCtrlC() {
    Thread owner = Thread.currentThread();
    SignalHandler before;
    try {
      before = Signal.handle(INT, signal -> owner.interrupt());
    } catch (IllegalArgumentException reserved) {
      before = null; // a JVM run with -Xrs keeps SIGINT to itself: Ctrl-C then ends it as usual
    }
    previous = before;
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(INT, previous);
    }
  }
}
