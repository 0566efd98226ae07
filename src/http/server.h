/* The HTTP server: libmicrohttpd on an epoll thread pool, running the
 * request pipeline. server_run blocks until SIGINT or SIGTERM, then lets
 * in-flight requests finish and closes the database connections. */
#ifndef RUCHE_SERVER_H
#define RUCHE_SERVER_H
#include "lib/config.h"

int server_run(const struct config *cfg);
/* The configuration of the running server (read-only). */
const struct config *server_config(void);

#endif
