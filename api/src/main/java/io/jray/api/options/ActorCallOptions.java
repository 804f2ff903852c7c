package io.jray.api.options;

/** The options of one actor method call. Immutable. */
public final class ActorCallOptions {

  private final String name;
  private final String concurrencyGroup;

  private ActorCallOptions(Builder builder) {
    this.name = builder.name;
    this.concurrencyGroup = builder.concurrencyGroup;
  }

  /** The call's name for logs and errors, or null to use the method's name. */
  public String getName() {
    return name;
  }

  /** The concurrency group the call runs in, or null for its method's group (else the actor's default group). */
  public String getConcurrencyGroup() {
    return concurrencyGroup;
  }

  @Override
  public String toString() {
    return "ActorCallOptions{name=" + name + (concurrencyGroup == null ? "" : ", concurrencyGroup=" + concurrencyGroup)
        + "}";
  }

  /** Builds {@link ActorCallOptions}. Not thread-safe. */
  public static final class Builder {

    private String name;
    private String concurrencyGroup;

    public Builder setName(String name) {
      this.name = name;
      return this;
    }

    /** Runs the call in the actor's concurrency group of this name (which the actor must have). */
    public Builder setConcurrencyGroup(String concurrencyGroup) {
      if (concurrencyGroup != null && concurrencyGroup.isBlank()) {
        throw new IllegalArgumentException("A concurrency group name must not be blank.");
      }
      this.concurrencyGroup = concurrencyGroup;
      return this;
    }

    public ActorCallOptions build() {
      return new ActorCallOptions(this);
    }
  }
}
