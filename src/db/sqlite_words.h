/* The search_words() SQL function of the SQLite backend (sqlite_words.c). */
#ifndef RUCHE_SQLITE_WORDS_H
#define RUCHE_SQLITE_WORDS_H
#include <sqlite3.h>

/* Registers search_words() on a connection; SQLITE_OK or an error code. */
int sqlite_words_register(sqlite3 *h);

#endif
