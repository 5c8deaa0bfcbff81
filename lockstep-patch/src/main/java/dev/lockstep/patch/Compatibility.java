package dev.lockstep.patch;

/**
 * How closely to follow Oscilla's own runtime where it departs from what a block's parameters say
 * (the quirks in docs/patch.md, "Oscilla conformance"). {@link #INTENDED}, the default, does what the
 * patch says. {@link #OSCILLA} reproduces Oscilla's output frame for frame: parameters on input ports
 * are ignored in favour of each block type's registry default, the time root's periods are 4000 and
 * 8000 ms whatever the patch says, render positions go through Oscilla's continuity low-pass (tau 360
 * ms), and the camera reads 0 for a parameter whose default constant another block's equal constant
 * owns (Oscilla's slot aliasing).
 */
public enum Compatibility {
    INTENDED,
    OSCILLA
}
