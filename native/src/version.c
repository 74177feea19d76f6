/* ABI version of libmmaptk; the managed side checks it once at load so a stale build is caught early. */
#include "version.h"

int mmaptk_abi_version(void) { return 1; }
