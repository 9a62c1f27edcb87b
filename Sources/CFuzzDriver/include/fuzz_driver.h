#ifndef SCALELAB_FUZZ_DRIVER_H
#define SCALELAB_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/* Runs libFuzzer's driver (LLVMFuzzerRunDriver) with the command line and the callback, when
   linked with libFuzzer (scripts/fuzz); otherwise returns -1. SwiftPM links an
   executable's own main, so libFuzzer's main() cannot be used: scalelab-fuzz's main calls this. */
int sl_fuzz_run_driver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

#endif
