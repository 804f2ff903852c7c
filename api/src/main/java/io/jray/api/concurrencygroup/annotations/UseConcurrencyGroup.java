package io.jray.api.concurrencygroup.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs an actor method's calls in the concurrency group of this name, declared by {@link DefConcurrencyGroup}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UseConcurrencyGroup {
  String name();
}
