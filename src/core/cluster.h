/* Several `ruche serve` nodes on one PostgreSQL database: every bus event a
 * node publishes is sent to the others with NOTIFY, and a thread of each
 * node LISTENs and delivers the others' events to its local listeners (the
 * timeline index, the caches, the live streams). */
#ifndef RUCHE_CLUSTER_H
#define RUCHE_CLUSTER_H

/* Starts relaying when db_url is a PostgreSQL database; 0 otherwise too. */
int cluster_start(const char *db_url);
void cluster_stop(void);

#endif
