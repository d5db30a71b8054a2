// Types and constants of libpq only: the library is opened with dlopen when a PostgreSQL
// address is used, so that SQLite commands do not pay for loading it (and its TLS and
// Kerberos libraries) at start-up.
#include <postgresql/libpq-fe.h>
