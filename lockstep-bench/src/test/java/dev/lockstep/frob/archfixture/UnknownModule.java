package dev.lockstep.frob.archfixture;

/** Architecture fixture, breaks the rule on purpose: "frob" is not a module of the dependency rule. */
public final class UnknownModule {}
