package io.jray.api.runtimeenv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The environment of the worker JVMs a task or actor runs in, as Ray's runtime_env for Java: environment
 * variables ({@code env_vars}) and jars added to the worker's classpath ({@code java_jars}: paths on the
 * driver's machine, shipped with the job as content-addressed packages). Workers are shared only between tasks
 * with the same environment. Immutable; build with {@link #builder()}.
 */
public final class RuntimeEnv {
  private static final RuntimeEnv EMPTY = new RuntimeEnv(Map.of(), List.of());

  private final Map<String, String> envVars;
  private final List<String> javaJars;

  private RuntimeEnv(Map<String, String> envVars, List<String> javaJars) {
    this.envVars = Collections.unmodifiableMap(new LinkedHashMap<>(envVars));
    this.javaJars = List.copyOf(javaJars);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No variables and no jars: the job's own workers. */
  public static RuntimeEnv empty() {
    return EMPTY;
  }

  public Map<String, String> getEnvVars() {
    return envVars;
  }

  public List<String> getJavaJars() {
    return javaJars;
  }

  public boolean isEmpty() {
    return envVars.isEmpty() && javaJars.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuntimeEnv other && envVars.equals(other.envVars) && javaJars.equals(other.javaJars);
  }

  @Override
  public int hashCode() {
    return Objects.hash(envVars, javaJars);
  }

  @Override
  public String toString() {
    return "RuntimeEnv{env_vars=" + envVars.keySet() + ", java_jars=" + javaJars + "}";
  }

  /** Builds a {@link RuntimeEnv}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> envVars = new LinkedHashMap<>();
    private final List<String> javaJars = new ArrayList<>();

    private Builder() {}

    /** Sets one environment variable of the worker (a name of letters, digits and '_', not starting with a digit). */
    public Builder setEnvVar(String name, String value) {
      String problem = WorkerEnvRules.envVarProblem(name, value);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      envVars.put(name, value);
      return this;
    }

    /** Sets several environment variables, as {@link #setEnvVar} each. */
    public Builder setEnvVars(Map<String, String> vars) {
      Objects.requireNonNull(vars, "vars").forEach(this::setEnvVar);
      return this;
    }

    /** Adds jars (paths on this machine) to the worker's classpath, after the job's own. */
    public Builder addJavaJars(List<String> jars) {
      for (String jar : Objects.requireNonNull(jars, "jars")) {
        if (jar == null || jar.isBlank()) {
          throw new IllegalArgumentException("A java_jars entry must be a path to a jar, not blank.");
        }
        javaJars.add(jar);
      }
      return this;
    }

    public RuntimeEnv build() {
      return envVars.isEmpty() && javaJars.isEmpty() ? EMPTY : new RuntimeEnv(envVars, javaJars);
    }
  }
}
