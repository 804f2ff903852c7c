package io.jray.api.runtimeenv;

/**
 * What a worker's environment may hold, checked where it is set (the API) and again where it is used (the
 * raylet, which gets it over the network): each method returns the one sentence that says what is wrong, or null.
 */
public final class WorkerEnvRules {
  private WorkerEnvRules() {}

  /** An environment variable of a runtime env. */
  public static String envVarProblem(String name, String value) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return "The environment variable name '" + name + "' is invalid: use letters, digits and '_', not starting"
          + " with a digit.";
    }
    if (name.startsWith("JRAY_")) {
      return "The environment variable " + name + " is jray's own: a runtime env may not set JRAY_ variables (set"
          + " jray's settings on the cluster instead).";
    }
    if (value == null || value.indexOf('\0') >= 0) {
      return "The environment variable " + name + " needs a value without NUL characters.";
    }
    return null;
  }

  /**
   * One JVM option of an actor's worker: a single option (no spaces: give each its own list entry), and none
   * that replaces what jray starts the worker with (its classpath, main class, argument files).
   */
  public static String jvmOptionProblem(String option) {
    if (option == null || option.isEmpty() || option.indexOf('\0') >= 0) {
      return "A JVM option must be a non-empty string without NUL characters.";
    }
    if (!option.equals(option.strip()) || option.chars().anyMatch(Character::isWhitespace)) {
      return "The JVM option '" + option + "' holds spaces: give each option as its own list entry.";
    }
    if (option.equals("-cp") || option.equals("-classpath") || option.startsWith("--class-path")
        || option.equals("-jar") || option.startsWith("@") || option.startsWith("--module-path")
        || option.equals("-p") || option.startsWith("-agentlib:jdwp") && option.contains("suspend=y")) {
      return "The JVM option '" + option + "' would replace how jray starts the worker (its classpath, main class"
          + " or a debugger that waits): ship jars with a runtime env's java_jars instead.";
    }
    return null;
  }
}
