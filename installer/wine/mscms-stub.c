/* Stub of Windows' mscms.dll for the one X11 step of scripts/windows-check.sh: Wine 8's builtin mscms aborts the
   process in WcsCreateIccProfile (unimplemented), which Qt's windows platform plugin calls for the screen's colour
   profile when a real display driver (X11) offers one. Every profile open fails here, so Qt uses plain sRGB.
   Loaded only with WINEDLLOVERRIDES=mscms=n; build-machine only, never in the bundle. */
#include <windows.h>
typedef HANDLE HPROFILE;
typedef struct { DWORD dwType; PVOID pProfileData; DWORD cbDataSize; } PROFILE;
__declspec(dllexport) HPROFILE WINAPI OpenColorProfileW(PROFILE *p, DWORD access, DWORD share, DWORD creation)
{ SetLastError(ERROR_FILE_NOT_FOUND); return NULL; }
__declspec(dllexport) BOOL WINAPI CloseColorProfile(HPROFILE h) { return TRUE; }
__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HPROFILE h, PBYTE buf, PDWORD size)
{ SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
__declspec(dllexport) HPROFILE WINAPI WcsCreateIccProfile(HPROFILE h, DWORD options)
{ SetLastError(ERROR_INVALID_HANDLE); return NULL; }
