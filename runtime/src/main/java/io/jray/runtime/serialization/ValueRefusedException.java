package io.jray.runtime.serialization;

/**
 * A value jray refuses to write or read: it holds a class {@link ClassGate} refuses, or reading it would take more
 * memory than the graph bound. The message is one sentence naming the class or the bound and the setting.
 */
public final class ValueRefusedException extends RuntimeException {
  public ValueRefusedException(String message) {
    super(message);
  }
}
