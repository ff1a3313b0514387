#ifndef BRANDPULSE_CLIBPQ_SHIM_H
#define BRANDPULSE_CLIBPQ_SHIM_H

// PostgreSQL's client library. Debian's libpq-dev puts libpq-fe.h in /usr/include/postgresql,
// which pkg-config (libpq.pc) adds to the include path.
#include <libpq-fe.h>

#endif
