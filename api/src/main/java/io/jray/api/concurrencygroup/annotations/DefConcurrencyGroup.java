package io.jray.api.concurrencygroup.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a concurrency group on an actor class, as Ray's annotation: its methods marked
 * {@link UseConcurrencyGroup} with this name run on the group's {@code maxConcurrency} threads.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(DefConcurrencyGroups.class)
public @interface DefConcurrencyGroup {
  String name();

  int maxConcurrency();
}
