/* The HTTP server: libmicrohttpd on an epoll thread pool, running the
 * request pipeline. server_run blocks until SIGINT or SIGTERM, then lets
 * in-flight requests finish and closes the database connections. */
#ifndef RUCHE_SERVER_H
#define RUCHE_SERVER_H
#include "lib/config.h"

int server_run(const struct config *cfg);
/* The configuration of the running server (read-only). */
const struct config *server_config(void);

struct MHD_Daemon;
/* The same request handling on a daemon with no listening socket and no
 * thread of its own, for the HTTP fuzz harness (tests/fuzz/fuzz_http.c):
 * connections come from MHD_add_connection and are served by MHD_run in
 * the caller's thread. Sets up the database like server_run; starts no
 * background worker. NULL on failure. */
struct MHD_Daemon *server_start_embedded(const struct config *cfg);

#endif
