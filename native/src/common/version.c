/* ABI version of libmmaptk; change it, and NativeLibrary.ExpectedAbiVersion, whenever a struct or call shared with C# changes. */
#include "version.h"

int mmaptk_abi_version(void) { return 2; }
