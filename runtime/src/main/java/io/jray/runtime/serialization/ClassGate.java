package io.jray.runtime.serialization;

import io.jray.runtime.config.JrayConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.fory.resolver.DefaultJdkClassAllowList;
import org.apache.fory.resolver.DisallowedList;
import org.apache.fory.resolver.TypeChecker;
import org.apache.fory.resolver.TypeResolver;

/**
 * Which classes a value may hold when it is written or read: never a known deserialization gadget (a JDK or
 * common-library class that runs code or reaches the network while it is rebuilt: Fory's own list plus jray's),
 * and, when {@link JrayConfig#SERIALIZATION_ALLOWED_CLASSES} is set, only the classes it names (with jray's and
 * the JDK's ordinary value classes). Fory asks it once per class, from any thread; it holds no mutable state.
 */
final class ClassGate implements TypeChecker {
  /**
   * Gadgets Fory's DisallowedList lacks, as exact names or package prefixes ending in '.': URL (URLDNS resolves
   * its host while a map is rebuilt), JNDI/RMI (load remote code), class loaders, script engines and the
   * transformer/comparator chains of commons-collections, beanutils and Groovy.
   */
  private static final List<String> DENIED = List.of(
      "java.net.URL", "java.net.URLClassLoader", "java.lang.ClassLoader", "java.security.SecureClassLoader",
      "sun.reflect.annotation.AnnotationInvocationHandler", "javax.management.remote.rmi.",
      "javax.naming.", "com.sun.jndi.", "java.rmi.", "sun.rmi.", "javax.script.", "jdk.jshell.",
      "com.sun.org.apache.xalan.", "org.apache.xalan.", "org.apache.commons.collections.functors.",
      "org.apache.commons.collections4.functors.", "org.apache.commons.beanutils.BeanComparator",
      "org.codehaus.groovy.runtime.", "bsh.", "clojure.", "org.mozilla.javascript.", "org.python.");

  /** Always allowed in allow-list mode: jray's own value classes. */
  private static final String OWN = "io.jray.";

  private final List<String> allowed;
  private final Set<String> jdkAllowed;

  /** @param allowed class names or prefixes ending in '.*'; empty means every class but the gadgets */
  ClassGate(List<String> allowed) {
    this.allowed = allowed.stream().map(s -> s.endsWith("*") ? s.substring(0, s.length() - 1) : s).toList();
    this.jdkAllowed = allowed.isEmpty() ? Set.of() : DefaultJdkClassAllowList.getAllowClasses();
  }

  /** The gate the setting asks for now. */
  static ClassGate fromConfig() {
    String raw = JrayConfig.SERIALIZATION_ALLOWED_CLASSES.get().trim();
    return new ClassGate(raw.isEmpty() ? List.of()
        : Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  @Override
  public boolean checkType(TypeResolver resolver, String className) {
    String name = elementName(className);
    if (isGadget(name)) {
      throw new ValueRefusedException("The class " + name + " is refused in values sent between jray processes: it"
          + " is a known deserialization gadget, which " + JrayConfig.SERIALIZATION_ALLOWED_CLASSES.propertyName()
          + " cannot allow; send its data in a plain class instead.");
    }
    if (!allowed.isEmpty() && !isAllowed(name)) {
      throw new ValueRefusedException("The class " + name + " is not in "
          + JrayConfig.SERIALIZATION_ALLOWED_CLASSES.propertyName() + " ("
          + JrayConfig.SERIALIZATION_ALLOWED_CLASSES.envName() + "); add it, or a prefix such as "
          + packagePrefix(name) + ", to send it between jray processes.");
    }
    return true;
  }

  static boolean isGadget(String name) {
    return DisallowedList.contains(name) || matches(DENIED, name);
  }

  private boolean isAllowed(String name) {
    return name.startsWith(OWN) || jdkAllowed.contains(name) || matches(allowed, name);
  }

  private static boolean matches(List<String> patterns, String name) {
    for (String p : patterns) {
      if (p.endsWith(".") ? name.startsWith(p) : name.equals(p)) {
        return true;
      }
    }
    return false;
  }

  /** {@code [[Lcom.x.Y;} as {@code com.x.Y}: an array is allowed when its element class is. */
  private static String elementName(String name) {
    String n = name;
    while (n.startsWith("[")) {
      n = n.substring(1);
    }
    return n.startsWith("L") && n.endsWith(";") ? n.substring(1, n.length() - 1) : n;
  }

  private static String packagePrefix(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot) + ".*";
  }
}
