/*
 * A stand-in for Windows' bcryptprimitives.dll under Wine 8, which lacks it.
 *
 * Go 1.22 and newer draw their random bytes from ProcessPrng in this DLL and
 * stop at start-up ("bcryptprimitives.dll not found") without it. Windows
 * 10 and 11 ship the real one; this file is only ever installed into the
 * private Wine prefix that `make test` runs the Windows test programs in,
 * never into a package. It answers ProcessPrng from RtlGenRandom
 * (SystemFunction036 in advapi32), the system generator Wine does have.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* RtlGenRandom takes a ULONG length: larger requests go in pieces. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		length -= chunk;
	}
	return TRUE;
}
