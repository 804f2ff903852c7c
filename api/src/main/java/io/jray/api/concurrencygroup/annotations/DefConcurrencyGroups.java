package io.jray.api.concurrencygroup.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The container of repeated {@link DefConcurrencyGroup}s (written by the compiler). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DefConcurrencyGroups {
  DefConcurrencyGroup[] value();
}
