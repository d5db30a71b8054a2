// Types and constants of libzip only: the library is opened with dlopen on first use, so
// that commands which never touch a zip file do not pay for loading it (and libcrypto).
#include <zip.h>
