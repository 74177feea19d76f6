/* version.c: the ABI version of libmmaptk, which the managed side checks once at load (NativeLib.AbiVersion). */
#ifndef MMAPTK_VERSION_H
#define MMAPTK_VERSION_H

int mmaptk_abi_version(void);

#endif
