#ifndef PERIGEE_FUZZ_DRIVER_H
#define PERIGEE_FUZZ_DRIVER_H

/// Runs libFuzzer's driver on LLVMFuzzerTestOneInput (defined in Swift with @_cdecl).
///
/// SwiftPM links Linux executables with `--defsym main=<Module>_main`, so a fuzz target cannot simply drop its
/// Swift entry point with -parse-as-library and let libFuzzer's own `main` run: the link fails on the missing
/// `<Module>_main`. Instead each target keeps its entry point (main.swift) and calls this function, which hands
/// the command line to libFuzzer through its documented LLVMFuzzerRunDriver API.
int perigee_fuzz_driver(int argc, char **argv);

#endif
