/* version.c: the ABI version of libmmaptk, which the managed side reads through NativeLibrary.AbiVersion (its test holds it equal to NativeLibrary.ExpectedAbiVersion). */
#ifndef MMAPTK_VERSION_H
#define MMAPTK_VERSION_H

int mmaptk_abi_version(void);

#endif
