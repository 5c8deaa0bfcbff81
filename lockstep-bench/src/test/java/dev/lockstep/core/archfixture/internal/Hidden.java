package dev.lockstep.core.archfixture.internal;

/** Architecture fixture: an implementation detail of module core. */
public final class Hidden {}
