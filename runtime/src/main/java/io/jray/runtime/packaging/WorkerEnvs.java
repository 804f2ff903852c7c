package io.jray.runtime.packaging;

import io.jray.api.runtimeenv.RuntimeEnv;
import io.jray.proto.EnvVar;
import io.jray.proto.WorkerEnv;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A task's or actor's runtime env (and an actor's JVM options) as the wire's {@link WorkerEnv}: variables sorted by
 * name, jars shipped as content-addressed packages (uploaded once per list of jars, as the job's own classpath is).
 */
public final class WorkerEnvs {
  private final Supplier<PackageClient> packages;
  private final Map<List<String>, List<io.jray.proto.JobPackage>> shippedJars = new ConcurrentHashMap<>();

  public WorkerEnvs(Supplier<PackageClient> packages) {
    this.packages = packages;
  }

  /** The worker environment, or null when it is the job's own (no variables, jars or JVM options). */
  public WorkerEnv of(RuntimeEnv env, List<String> jvmOptions) {
    if ((env == null || env.isEmpty()) && jvmOptions.isEmpty()) {
      return null;
    }
    WorkerEnv.Builder wire = WorkerEnv.newBuilder().addAllJvmOptions(jvmOptions);
    if (env != null) {
      new TreeMap<>(env.getEnvVars()).forEach((k, v) -> wire.addEnvVars(EnvVar.newBuilder().setName(k).setValue(v)));
      if (!env.getJavaJars().isEmpty()) {
        wire.addAllJavaJars(shippedJars.computeIfAbsent(env.getJavaJars(), this::ship));
      }
    }
    return wire.build();
  }

  private List<io.jray.proto.JobPackage> ship(List<String> jars) {
    for (String jar : jars) {
      if (!Files.isRegularFile(Path.of(jar))) {
        throw new IllegalArgumentException("The jar " + jar + " in the runtime env's java_jars does not exist (or is"
            + " not a file): give paths of jars on this machine.");
      }
    }
    return JobPackager.upload(packages.get(), String.join(File.pathSeparator, jars));
  }
}
