/* Fuzzes what lib/i18n.c parses: the Accept-Language header of every
 * request (i18n_negotiate), the language cookie (i18n_parse), and the .po
 * reader (i18n_load), with lookups in what it loaded. Input: the header,
 * a NUL, then a .po file. */
#include "fuzz.h"
#include "lib/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *header, *po;
    fuzz_split(data, size, &header, &po);
    enum lang l = i18n_negotiate(header);
    if (l != LANG_EN && l != LANG_FR) abort();
    enum lang p = i18n_parse(header);
    if (p != LANG_EN && p != LANG_FR && p != LANG__MAX) abort();
    if (i18n_load(LANG_FR, "fuzz.po", po, strlen(po)) == 0) {
        if (!i18n_get(LANG_FR, header) || !i18n_get(LANG_FR, "")) abort();
        if (!i18n_nget(LANG_FR, header, "many", (long)size)) abort();
    }
    free(header);
    free(po);
    return 0;
}
