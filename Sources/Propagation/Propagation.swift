// The Propagation module: orbit propagators that turn element sets into states.
//
// `SGP4Propagator` (in `SGP4/`) is the scalar SGP4/SDP4 propagator. Its initialised constants live in the
// plain-`Double` record `SGP4Record` so that batch (SIMD) propagators can copy them into struct-of-arrays form.
