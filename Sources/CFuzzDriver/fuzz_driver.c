#include "fuzz_driver.h"

/* compiler-rt/lib/fuzzer/FuzzerInterface.h. Weak: present when the executable is linked with
   -sanitize=fuzzer (scripts/fuzz), null in the normal build. */
__attribute__((weak)) int LLVMFuzzerRunDriver(int *argc, char ***argv,
                                              int (*UserCb)(const uint8_t *Data, size_t Size));

int sl_fuzz_run_driver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) {
  if (!LLVMFuzzerRunDriver) return -1;
  return LLVMFuzzerRunDriver(argc, argv, callback);
}
