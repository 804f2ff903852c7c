package io.jray.api.options;

/** The options of one actor method call. Immutable. */
public final class ActorCallOptions {

  private final String name;

  private ActorCallOptions(Builder builder) {
    this.name = builder.name;
  }

  /** The call's name for logs and errors, or null to use the method's name. */
  public String getName() {
    return name;
  }

  @Override
  public String toString() {
    return "ActorCallOptions{name=" + name + "}";
  }

  /** Builds {@link ActorCallOptions}. Not thread-safe. */
  public static final class Builder {

    private String name;

    public Builder setName(String name) {
      this.name = name;
      return this;
    }

    public ActorCallOptions build() {
      return new ActorCallOptions(this);
    }
  }
}
